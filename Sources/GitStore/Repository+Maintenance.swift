import Foundation
internal import CLibGit2

/// What one round of maintenance did.
public struct MaintenanceReport: Sendable, Equatable {
    /// Loose objects moved into a new pack (and their files removed).
    public var packedLooseObjects = 0
    /// Small packs merged into one.
    public var mergedPacks = 0
}

extension Repository {
    /// Loose objects beyond which `maintain()` packs them: git's own `gc.auto` default.
    public static let looseObjectLimit = 6_700
    /// Packs beyond which `maintain()` merges the small ones (see `mergeSmallPacks`).
    public static let packLimit = 16

    /// Keeps the record compact, as `git gc --auto` would: libgit2 has no gc,
    /// and each commit writes a handful of loose objects (about 4 KB on disk
    /// each) and each batch a pack.
    ///
    /// Cheap when there is nothing to do (one folder is listed). Never loses an
    /// object: a new pack is written and flushed to disk before any file it
    /// replaces is removed, and only objects that the new pack holds are removed.
    @discardableResult
    public func maintain() throws(GitError) -> MaintenanceReport {
        var report = MaintenanceReport()
        // git's estimate: one fan-out folder of 256, times 256.
        if looseObjectCount(in: ["17"]) * 256 > Self.looseObjectLimit {
            report.packedLooseObjects = try packLooseObjects()
        }
        // Only packing and batches add packs: count them only then.
        if report.packedLooseObjects > 0 || mode == .batch, try packs().count > Self.packLimit {
            report.mergedPacks = try mergeSmallPacks()
        }
        return report
    }

    var objectsFolder: String { (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "objects" }

    /// The loose objects in the given fan-out folders (all 256 when nil).
    func looseObjects(in folders: [String]? = nil) -> [(id: ObjectID, file: String)] {
        let fanOut = folders ?? (0..<256).map { String(format: "%02x", $0) }
        var result: [(ObjectID, String)] = []
        for folder in fanOut {
            let path = "\(objectsFolder)/\(folder)"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
            for name in names where name.count == 38 {
                if let id = ObjectID(hex: folder + name) { result.append((id, "\(path)/\(name)")) }
            }
        }
        return result
    }

    func looseObjectCount(in folders: [String]) -> Int { looseObjects(in: folders).count }

    /// Moves every loose object into one new pack, then removes the loose files.
    /// - Returns: the number of objects packed.
    @discardableResult
    public func packLooseObjects() throws(GitError) -> Int {
        let loose = looseObjects()
        guard !loose.isEmpty else { return 0 }
        try writePack(of: loose.map(\.id))
        for object in loose { unlink(object.file) }
        return loose.count
    }

    /// The packs of the repository that may be merged, with their sizes, largest first
    /// (a `.keep` file asks that a pack be left alone, as git honours it).
    func packs() throws(GitError) -> [(name: String, size: Int)] {
        let folder = "\(objectsFolder)/pack"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        let kept = Set(names.filter { $0.hasSuffix(".keep") }.map { $0.dropLast(5) })
        return names.filter { $0.hasSuffix(".pack") && !kept.contains($0.dropLast(5)) }.map { name in
            let size = (try? FileManager.default.attributesOfItem(atPath: "\(folder)/\(name)")[.size] as? Int) ?? 0
            return (String(name.dropLast(5)), size ?? 0)
        }.sorted { $0.size > $1.size }
    }

    /// Merges the small packs into one, so lookups search few packs, keeping
    /// sizes in a geometric progression as git's `repack --geometric=2` does:
    /// each pack left is at least twice the size of all smaller ones together,
    /// so an object is rewritten only a logarithmic number of times.
    /// - Returns: the number of packs merged.
    @discardableResult
    public func mergeSmallPacks() throws(GitError) -> Int {
        let folder = "\(objectsFolder)/pack"
        let ascending = try packs().reversed()
        var total = 0
        var split = 0
        for (index, pack) in ascending.enumerated() {
            if index > 0 && pack.size < 2 * total { split = index + 1 }
            total += pack.size
        }
        let small = Array(ascending.prefix(max(split, 0)))
        guard small.count > 1 else { return 0 }
        var ids: [ObjectID] = []
        for pack in small { ids += try PackIndex.objects(in: "\(folder)/\(pack.name).idx") }
        try writePack(of: ids)
        for pack in small {
            // The index first: a pack without its index is ignored, never half-read.
            for suffix in [".idx", ".pack", ".rev", ".bitmap", ".mtimes", ".promisor"] { unlink("\(folder)/\(pack.name)\(suffix)") }
        }
        return small.count
    }

    /// Writes one pack holding exactly `ids` and makes it durable.
    private func writePack(of ids: [ObjectID]) throws(GitError) {
        var builder: OpaquePointer?
        try check(git_packbuilder_new(&builder, handle), "git_packbuilder_new")
        defer { git_packbuilder_free(builder) }
        _ = git_packbuilder_set_threads(builder, 0)
        for id in ids {
            var oid = id.raw
            try check(git_packbuilder_insert(builder, &oid, nil), "git_packbuilder_insert")
        }
        try check(git_packbuilder_write(builder, "\(objectsFolder)/pack", 0, nil, nil), "git_packbuilder_write")
        try sync()
        try check(git_odb_refresh(diskObjects), "git_odb_refresh")
    }
}

/// Reads the object ids of a pack from its index (version 2, as git and libgit2 write it).
enum PackIndex {
    static func objects(in path: String) throws(GitError) -> [ObjectID] {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 8 + 256 * 4 else {
            throw GitError(.other, function: "PackIndex", message: "cannot read the pack index ‘\(path)’")
        }
        let bytes = [UInt8](data)
        guard bytes[0..<4] == [0xFF, 0x74, 0x4F, 0x63], bytes[7] == 2 else {
            throw GitError(.other, function: "PackIndex", message: "‘\(path)’ is not a version 2 pack index")
        }
        let last = 8 + 255 * 4
        let count = Int(bytes[last]) << 24 | Int(bytes[last + 1]) << 16 | Int(bytes[last + 2]) << 8 | Int(bytes[last + 3])
        let start = 8 + 256 * 4
        guard bytes.count >= start + count * 20 else {
            throw GitError(.other, function: "PackIndex", message: "the pack index ‘\(path)’ is truncated")
        }
        let digits = Array("0123456789abcdef".utf8)
        return (0..<count).compactMap { index in
            var hex = [UInt8]()
            hex.reserveCapacity(40)
            for byte in bytes[(start + index * 20)..<(start + index * 20 + 20)] {
                hex.append(digits[Int(byte >> 4)])
                hex.append(digits[Int(byte & 0x0F)])
            }
            return ObjectID(hex: String(decoding: hex, as: UTF8.self))
        }
    }
}
