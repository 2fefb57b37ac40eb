import Foundation
import GitStore

/// What the long reads print — the amendments of `accord status`, the voting list — kept
/// for the next process, one file per resolution and kind of output
/// (`<gitdir>/accord/cache/<resolution>.<kind>.out`).
///
/// An output is a function of a few record files and folders (the amendments folder, the
/// text, the resolution's state); it is stored under a key made of their git ids, and used
/// only for that very key: it can be missing or made from other versions, never stale.
/// Printing ten thousand amendments then reads one file instead of parsing, building and
/// encoding them again: nine megabytes of JSON in a few milliseconds.
///
/// A file that cannot be read (damaged, cut short, of another format) is ignored and
/// rewritten (see `CacheFolder`).
final class StoredOutputs {
    let cache: CacheFolder

    static let magic = Array("ACCORDO1".utf8)

    init(gitDirectory: String) {
        cache = CacheFolder(gitDirectory: gitDirectory)
    }

    /// The output stored for `kind` of a resolution, if it was made under `key`.
    ///
    /// The file is mapped rather than read: nine megabytes are then neither copied nor given
    /// fresh pages before they are written out.
    func load(_ kind: String, of resolution: String, key: String) -> Data? {
        guard let file = file(kind, resolution),
              let data = try? Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped) else { return nil }
        let header = Self.header(key)
        let valid = data.withUnsafeBytes { raw -> Bool in
            guard raw.count >= header.count + 8, raw.starts(with: header) else { return false }
            let end = raw.count - 8
            let stored = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: end, as: UInt64.self))
            return stored == ShardFile.checksum(UnsafeRawBufferPointer(rebasing: raw[header.count..<end]))
        }
        guard valid else { return nil }
        // A slice shares the mapping; `subdata` would copy it.
        return data[(data.startIndex + header.count)..<(data.endIndex - 8)]
    }

    /// Stores an output of `kind` made under `key`, replacing the one stored before; failures
    /// are ignored. Written as the header (compared whole on reading), the output as it is, and
    /// a checksum of the output.
    func save(_ output: Data, _ kind: String, of resolution: String, key: String) {
        guard let file = file(kind, resolution) else { return }
        var trailer: [UInt8] = []
        ShardFile.append(output.withUnsafeBytes { ShardFile.checksum($0) }, to: &trailer)
        cache.replace(file, with: Data(Self.header(key)), output, Data(trailer))
    }

    /// The magic, then the key's length and bytes: a file made under another key never matches.
    private static func header(_ key: String) -> [UInt8] {
        var bytes = magic
        ShardFile.append(UInt32(truncatingIfNeeded: key.utf8.count), to: &bytes)
        bytes.append(contentsOf: key.utf8)
        return bytes
    }

    /// nil for a resolution id or kind that is not a plain file name.
    func file(_ kind: String, _ resolution: String) -> String? {
        cache.file("\(resolution).\(kind).out")
    }
}

extension Snapshot {
    /// An output made by `make` from the record files and folders at `inputs` (paths; a missing
    /// one counts as such) and nothing else, taken from what an earlier process stored for the
    /// same git ids of those inputs, else made and stored for the next one.
    ///
    /// `kind` names the output and its format: change it whenever `make` changes what it writes.
    func storedOutput(_ kind: String, of resolution: String, inputs: [String],
                      _ make: () throws(AccordError) -> Data) throws(AccordError) -> Data {
        guard let commit, let stored = cache.outputs else { return try make() }
        var key = kind
        for path in inputs {
            let entry: Repository.Entry?
            do { entry = try repository.entry(path, at: commit) } catch { throw .store(error) }
            key += " \(path)=\(entry.map { "\($0.kind == .folder ? "tree" : "blob"):\($0.id.hex)" } ?? "none")"
        }
        if let kept = stored.load(kind, of: resolution, key: key) { return kept }
        let output = try make()
        stored.save(output, kind, of: resolution, key: key)
        return output
    }
}

/// The record files an output is made from (see `Snapshot.output(_:of:from:_:)`).
public struct OutputInputs: OptionSet, Sendable {
    public let rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The amendments folder: every amendment and the votes on it.
    public static let amendments = OutputInputs(rawValue: 1)
    /// `text.md`, the text amendments are tabled against.
    public static let text = OutputInputs(rawValue: 2)
    /// `resolution.yml`: state, round, deadline, electorate.
    public static let state = OutputInputs(rawValue: 4)
}

extension Snapshot {
    /// Text that `make` makes from a resolution's `inputs` and nothing else — the lines of ten
    /// thousand amendments, say — taken from what an earlier process stored for the same
    /// versions of those inputs, else made and stored for the next process.
    ///
    /// `kind` names the output and its format (letters, digits and `-`): give a new one
    /// whenever `make` changes what it writes, so that older stored text is never taken for it.
    public func output(_ kind: String, of id: String, from inputs: OutputInputs,
                       _ make: () throws(AccordError) -> String) throws(AccordError) -> String {
        var paths: [String] = []
        if inputs.contains(.amendments) { paths.append(RecordLayout.amendments(id)) }
        if inputs.contains(.text) { paths.append(RecordLayout.text(id)) }
        if inputs.contains(.state) { paths.append(RecordLayout.meta(id)) }
        let bytes = try storedOutput(kind, of: id, inputs: paths) { () throws(AccordError) in Data(try make().utf8) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
