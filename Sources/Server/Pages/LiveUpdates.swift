import Foundation
import GitStore
import Hummingbird
import NIOCore
import Resolutions
import ServiceLifecycle

/// Server-Sent Events that tell a page the record has changed, so that the voting page and the
/// screening queue show others' actions without a reload.
///
/// One `TipWatcher` looks at the tip of `main` — whoever wrote it, this server or an `accord`
/// command — and each open page's stream sends `change` with the new commit; the page's script
/// then fetches the page again and replaces its `data-live` parts. A stream ends when the server
/// shuts down or after ten minutes (browsers reconnect by themselves).
extension Pages {
    static let liveLifetime: Duration = .seconds(600)

    static func addLiveUpdates(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        router.get("/resolutions/:resolution/events") { request, context in
            _ = try resolution(context)
            let watcher = services.tipWatcher
            // The version the page showed (`?since=COMMIT`), else the tip as the stream opens.
            let since = request.uri.queryParameters.get("since").flatMap(ObjectID.init(hex:))
            let tipNow = try await APIRouter.reading { () throws(AccordError) in try await services.reader.tip() }
            let first = since ?? tipNow
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
                var seen = first
                let start = ContinuousClock.now
                while ContinuousClock.now - start < liveLifetime, !Task.isShuttingDownGracefully, !Task.isCancelled {
                    let tip = await watcher.change(after: seen)
                    guard tip != seen, let tip else { continue }
                    seen = tip
                    try await writer.write(ByteBuffer(string: "event: change\ndata: \(tip.hex)\n\n"))
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
        }
    }
}

/// The tip of `main` as the live pages see it: read once a second by one task, however many
/// pages are open, and only while one is.
actor TipWatcher {
    static let interval: Duration = .seconds(1)

    private let reader: RecordReader
    /// The last tip read, once one has been.
    private var tip: ObjectID??
    private var waiting: [CheckedContinuation<ObjectID?, Never>] = []
    private var polling = false

    init(reader: RecordReader) {
        self.reader = reader
    }

    /// The tip once it differs from `seen`, or after at most one interval (so that a stream
    /// notices a shutdown or its end).
    func change(after seen: ObjectID?) async -> ObjectID? {
        if let tip, tip != seen { return tip }
        startPolling()
        return await withCheckedContinuation { waiting.append($0) }
    }

    private func startPolling() {
        guard !polling else { return }
        polling = true
        Task { await poll() }
    }

    /// Reads the tip once an interval, and answers everyone waiting each time, until no one is.
    private func poll() async {
        while !waiting.isEmpty {
            try? await Task.sleep(for: Self.interval)
            if let current = try? await reader.tip() { tip = .some(current) }
            let answered = waiting
            waiting = []
            for continuation in answered { continuation.resume(returning: tip ?? nil) }
            // Streams come back within the same turn of their loops; give them a moment.
            await Task.yield()
        }
        polling = false
    }
}
