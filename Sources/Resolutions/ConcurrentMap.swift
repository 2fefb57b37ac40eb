import Foundation

/// `transform(0) … transform(count - 1)`, worked out on every core in one stretch of indices
/// each; the results in index order, the calls in no set order.
///
/// For pure work on thousands of items (a tally writes ten thousand files, an export renders
/// ten thousand amendments); below `minimumPerCore` items per core, starting threads costs
/// more than it saves.
/// - Parameter cores: how many to use at most; the machine's, unless a test asks for more.
package func concurrentMap<T: Sendable>(_ count: Int, minimumPerCore: Int = 1_000,
                                        cores: Int = ProcessInfo.processInfo.activeProcessorCount,
                                        _ transform: @Sendable (Int) -> T) -> [T] {
    precondition(minimumPerCore > 0, "minimumPerCore must be positive")
    let stretches = min(cores, count / minimumPerCore)
    guard stretches > 1 else { return (0..<count).map(transform) }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        // Each stretch writes its own indices of the buffer, and no two stretches overlap.
        nonisolated(unsafe) let slots = buffer
        DispatchQueue.concurrentPerform(iterations: stretches) { stretch in
            for index in (stretch * count / stretches)..<((stretch + 1) * count / stretches) {
                slots.initializeElement(at: index, to: transform(index))
            }
        }
        initialized = count
    }
}
