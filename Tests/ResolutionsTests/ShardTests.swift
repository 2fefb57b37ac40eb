import Testing
import Resolutions

/// Sharding keeps every folder small and never changes its answer.
@Suite struct ShardTests {
    @Test func tenThousandKeysSpreadEvenly() {
        let keys = (1...10_000).map { "A-\($0)" }
        var counts: [String: Int] = [:]
        for key in keys { counts[Shard.folder(for: key), default: 0] += 1 }
        #expect(counts.count <= 256)
        #expect(counts.count >= 250)
        let mean = Double(keys.count) / Double(counts.count)
        let largest = counts.values.max() ?? 0
        #expect(Double(largest) <= 2 * mean, "largest folder \(largest), mean \(mean)")
    }

    @Test func foldersAreTwoHexDigitsAndStable() {
        let folder = Shard.folder(for: "A-12")
        #expect(folder.count == 2 && folder.allSatisfy(\.isHexDigit))
        #expect(folder == folder.lowercased())
        // Pinned: a record written today must be found by every later version.
        #expect(Shard.folder(for: "") == "c5")
        #expect(Shard.path(for: "A-12", in: "amendments", suffix: ".yml") == "amendments/\(folder)/A-12.yml")
        #expect(Shard.path(for: "x", in: "") == "\(Shard.folder(for: "x"))/x")
    }
}
