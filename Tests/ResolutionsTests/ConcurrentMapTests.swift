@testable import Resolutions
import Testing

@Suite("Work spread over the cores")
struct ConcurrentMapTests {
    @Test("every item is worked out once and lands in its place, however the stretches divide", arguments: [0, 1, 999, 2_000, 5_001, 20_000])
    func inOrder(count: Int) {
        let squares = concurrentMap(count) { "\($0 * $0)" }
        #expect(squares == (0..<count).map { "\($0 * $0)" })
    }
}
