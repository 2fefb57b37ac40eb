import Foundation
import Hummingbird
import NIOCore
import Resolutions
import ServiceLifecycle

/// Server-Sent Events that tell a page the record has changed, so that the voting page and the
/// screening queue show others' actions without a reload.
///
/// Each stream looks at the tip of `main` once a second — whoever wrote it, the server or an
/// `accord` command — and sends `change` with the new commit; the page's script then fetches
/// the page again and replaces its `data-live` parts. A stream ends when the server shuts down
/// or after ten minutes (browsers reconnect by themselves).
extension Pages {
    static let liveInterval: Duration = .seconds(1)
    static let liveLifetime: Duration = .seconds(600)

    static func addLiveUpdates(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        router.get("/resolutions/:resolution/events") { _, context in
            _ = try resolution(context)
            let reader = services.reader
            let first = try await APIRouter.reading { () throws(AccordError) in try await reader.tip() }
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
                var last = first
                let start = ContinuousClock.now
                while ContinuousClock.now - start < liveLifetime, !Task.isShuttingDownGracefully, !Task.isCancelled {
                    try await Task.sleep(for: liveInterval)
                    let tip = try? await reader.tip()
                    guard let tip, tip != last else { continue }
                    last = tip
                    try await writer.write(ByteBuffer(string: "event: change\ndata: \(tip.hex)\n\n"))
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
        }
    }
}
