@testable import Resolutions
import Testing

@Suite("Work spread over the cores")
struct ConcurrentMapTests {
    @Test("every item is worked out once and lands in its place, however the stretches divide",
          arguments: [(0, 1_000, 2), (1, 1_000, 2), (999, 1_000, 2), (2_000, 1_000, 2), (5_001, 1_000, 2),
                      (5, 1, 8), (9, 1, 8), (10, 1, 8), (7, 2, 8), (20_000, 1_000, 3)])
    func inOrder(count: Int, minimumPerCore: Int, cores: Int) {
        let squares = concurrentMap(count, minimumPerCore: minimumPerCore, cores: cores) { "\($0 * $0)" }
        #expect(squares == (0..<count).map { "\($0 * $0)" })
    }
}
