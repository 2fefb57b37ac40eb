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
    /// each commit writes a handful of loose objects and each batch a pack.
    ///
    /// Cheap when there is nothing to do (one folder is listed). Never loses an
    /// object: a new pack is written and flushed to disk before any file it
    /// replaces is removed (or put aside as a spare), and only objects that the new
    /// pack holds are removed.
    @discardableResult
    public func maintain() throws(GitError) -> MaintenanceReport {
        var report = MaintenanceReport()
        // Loose objects that another writer keeps packing first are not remembered without end.
        if looseObjectsWrittenCount > 4 * Self.looseObjectLimit { forgetWrittenObjects() }
        // git's estimate: one fan-out folder of 256, times 256; asked at a handle's first
        // maintenance, then once it has written another 64 loose objects.
        let looks = mode == .batch || looseObjectsWrittenCount >= nextLooseLook
        if looks { nextLooseLook = looseObjectsWrittenCount + 64 }
        if looks, looseObjectCount(in: ["17"]) * 256 > Self.looseObjectLimit {
            report.packedLooseObjects = try packLooseObjects()
        }
        // Only packing and batches add packs: list them only then, not after every single commit.
        if report.packedLooseObjects > 0 || mode == .batch, packNames().count > Self.packLimit {
            report.mergedPacks = try mergeSmallPacks()
        }
        return report
    }

    var objectsFolder: String { gitPath("objects") }

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

    /// Moves every loose object into one new pack, then puts the loose files aside as
    /// spares, for the next ones to be written over (see "Spare files" in the shim).
    /// - Returns: the number of objects packed.
    @discardableResult
    public func packLooseObjects() throws(GitError) -> Int {
        let loose = looseObjects()
        guard !loose.isEmpty else { return 0 }
        let ids = loose.map { RawObjectID($0.id.raw) }
        if let ours = ownLooseObjects(among: ids) {
            try writeDurablePack(of: ours.ids, versions: versionPairs, kept: ours.kept)
        } else {
            try writeDurablePack(of: ids)
        }
        putAside(loose.map(\.file))
        // Only the loose objects it packed: a batch's objects in memory are not among them.
        if mode != .batch { forgetWrittenObjects() }
        sweepSpares()
        return loose.count
    }

    /// Gives back to the spares what writers that crashed held (see `accord_spares_sweep`):
    /// without it, each crash would keep a batch of files in `accord/spares` for good. Run at
    /// each packing; returns how many were given back.
    /// - Parameter age: how long an entry must be untouched (ten minutes when nil).
    @discardableResult
    public func sweepSpares(untouchedFor age: Duration? = nil) -> Int {
        let milliseconds = age.map { $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000 }
        return Int(accord_spares_sweep(spares, milliseconds ?? Int64(ACCORD_SPARE_ABANDONED_MS)))
    }

    /// `ids` in the order this handle wrote them, with the bytes it kept of them, when it
    /// wrote every one (it then knows which are versions of which, noted as it wrote its
    /// commits); otherwise nil, and packing reads the commits to find the versions.
    private func ownLooseObjects(among ids: [RawObjectID]) -> (ids: [RawObjectID], kept: [RawObjectID: UncachedObject])? {
        guard mode != .batch, let objectWriter else { return nil }
        var count = 0
        guard let written = accord_loose_written(objectWriter, &count), count >= ids.count else { return nil }
        var loose = Set(ids)
        var ours: [RawObjectID] = []
        var kept: [RawObjectID: UncachedObject] = [:]
        for entry in written..<(written + count) {
            let id = RawObjectID(entry.pointee.id)
            guard loose.remove(id) != nil else { continue }
            ours.append(id)
            if let bytes = accord_loose_kept(objectWriter, entry) {
                kept[id] = UncachedObject(type: entry.pointee.type, data: UnsafeMutableRawPointer(mutating: bytes),
                                          size: entry.pointee.size, backend: nil)
            }
        }
        return loose.isEmpty ? (ours, kept) : nil
    }

    /// Moves `files` into a batch of spares, for new loose objects to be written over (see
    /// "Spare files" in the shim's `files.h`); removes them if the batch cannot be made.
    private func putAside(_ files: [String]) {
        var batch = [CChar](repeating: 0, count: Int(PATH_MAX))
        guard accord_spares_begin_batch(spares, &batch) == 0 else {
            for file in files { unlink(file) }
            return
        }
        for (index, file) in files.enumerated() { accord_spares_add_to_batch(batch, file, UInt(index)) }
        accord_spares_end_batch(spares, batch)
    }

    /// How many loose objects this handle wrote since it last packed them.
    private var looseObjectsWrittenCount: Int {
        guard let objectWriter, mode != .batch else { return 0 }
        var count = 0
        _ = accord_loose_written(objectWriter, &count)
        return count
    }

    /// The packs of the repository that may be merged, by name: those with an
    /// index (a pack without one is being written) and no `.keep` file (which
    /// asks that a pack be left alone, as git honours it).
    func packNames() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: packFolder) else { return [] }
        let kept = Set(names.filter { $0.hasSuffix(".keep") }.map { $0.dropLast(5) })
        let indexed = Set(names.filter { $0.hasSuffix(".idx") }.map { $0.dropLast(4) })
        return names.filter { $0.hasSuffix(".pack") }.map { String($0.dropLast(5)) }
            .filter { indexed.contains(Substring($0)) && !kept.contains(Substring($0)) }
    }

    /// The packs that may be merged, with the number of objects each holds
    /// (from its header), largest first (then by name, so that every writer
    /// sees the same order).
    ///
    /// Sizes are counted in objects, not bytes: a direct commit's pack stores
    /// whole objects and a merged one mostly deltas, so bytes would make merged
    /// packs look small and merge them again each time.
    func packs() -> [(name: String, objects: Int)] {
        packNames().map { name in
            var header = [UInt8](repeating: 0, count: 12)
            let file = Foundation.open("\(packFolder)/\(name).pack", O_RDONLY)
            if file >= 0 {
                _ = read(file, &header, 12)
                close(file)
            }
            let objects = header[8..<12].reduce(0) { $0 << 8 | Int($1) }
            return (name, objects)
        }.sorted { ($0.objects, $1.name) > ($1.objects, $0.name) }
    }

    /// Packs of up to this many objects together are merged by re-encoding
    /// their objects, with deltas between versions that were in different
    /// packs; larger ones by copying their entries unchanged, which costs only
    /// the bytes copied. Each pack past the limit keeps the newest versions of
    /// the folders its commits changed whole, a few dozen KB.
    static let reencodeLimit = 2_000

    /// Merges the small packs into one, so lookups search few packs, keeping
    /// sizes in a geometric progression as git's `repack --geometric=2` does:
    /// each pack left is at least twice the size of all smaller ones together,
    /// so an object is rewritten only a logarithmic number of times.
    /// - Returns: the number of packs merged.
    @discardableResult
    public func mergeSmallPacks() throws(GitError) -> Int {
        let ascending = packs().reversed()
        var total = 0
        var split = 0
        for (index, pack) in ascending.enumerated() {
            if index > 0 && pack.objects < 2 * total { split = index + 1 }
            total += pack.objects
        }
        let small = Array(ascending.prefix(max(split, 0)))
        guard small.count > 1 else { return 0 }
        let names = small.map(\.name)
        var merged: String?
        // The packs are opened afresh below: no refresh is needed here.
        if small.reduce(0, { $0 + $1.objects }) > Self.reencodeLimit, let copied = try concatenatePacks(names) {
            merged = copied
        } else {
            var ids: [RawObjectID] = []
            // Largest (mostly oldest) first: `writePack` takes objects oldest first.
            for name in names.reversed() { ids += try PackIndex(path: "\(packFolder)/\(name).idx").ids }
            merged = try writeDurablePack(of: ids)
        }
        // A pack's name is its checksum: when another writer merged the same
        // packs first and this merge included its result, the merge rewrote
        // that very pack, which must stay.
        for name in names where name != merged {
            // The index first: a pack without its index is ignored, never half-read.
            for suffix in [".idx", ".pack", ".rev", ".bitmap", ".mtimes", ".promisor"] { unlink("\(packFolder)/\(name)\(suffix)") }
        }
        // Let go of the removed packs' open files and mappings.
        try reopenDiskObjects()
        return small.count
    }

    /// Writes one pack holding exactly `ids` and makes it durable before any
    /// file it replaces is removed: file by file, so that the cost is this
    /// pack's bytes, not everything else waiting to be written.
    @discardableResult
    private func writeDurablePack(of ids: [RawObjectID], versions: [(older: RawObjectID, newer: RawObjectID)]? = nil,
                                  kept: [RawObjectID: UncachedObject] = [:]) throws(GitError) -> String? {
        let name = try writePack(of: ids, versions: versions, kept: kept, durable: true)
        try refreshDiskObjects()
        return name
    }
}
