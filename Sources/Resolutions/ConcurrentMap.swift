import Foundation

/// `transform(0) … transform(count - 1)`, in order, worked out on every core in
/// one stretch of indices each.
///
/// For pure work on thousands of items (a tally writes ten thousand files, an export renders
/// ten thousand amendments); below `minimumPerCore` items per core, starting threads costs
/// more than it saves.
public func concurrentMap<T: Sendable>(_ count: Int, minimumPerCore: Int = 1_000,
                                _ transform: @Sendable (Int) -> T) -> [T] {
    let cores = min(ProcessInfo.processInfo.activeProcessorCount, count / minimumPerCore)
    guard cores > 1 else { return (0..<count).map(transform) }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        // Each core writes its own stretch of the buffer, and no two stretches overlap.
        nonisolated(unsafe) let slots = buffer.baseAddress!
        let stretch = (count + cores - 1) / cores
        DispatchQueue.concurrentPerform(iterations: cores) { core in
            for index in (core * stretch)..<min(count, (core + 1) * stretch) {
                (slots + index).initialize(to: transform(index))
            }
        }
        initialized = count
    }
}
