import Crypto
import Foundation
import Hummingbird

/// The style sheet and the script of the pages, served from the server itself (the
/// Content-Security-Policy allows nothing else), read once and cached by browsers until they
/// change: each answer carries an ETag made from its bytes.
enum Assets {
    struct Asset: Sendable {
        let bytes: ByteBuffer
        let contentType: String
        let etag: String
    }

    static func add(to router: Router<AccordRequestContext>) {
        let assets = load()
        router.get("/assets/:name") { request, context in
            guard let asset = assets[try context.parameters.require("name")] else { throw APIError.notFound("there is no file \(request.uri.path)") }
            if request.headers[.ifNoneMatch] == asset.etag {
                return Response(status: .notModified, headers: [.eTag: asset.etag, .cacheControl: "no-cache"])
            }
            return Response(status: .ok, headers: [.contentType: asset.contentType, .eTag: asset.etag, .cacheControl: "no-cache"],
                            body: .init(byteBuffer: asset.bytes))
        }
    }

    /// Every file of the target's `Assets` resources, by name.
    static func load() -> [String: Asset] {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Assets"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [:] }
        var assets: [String: Asset] = [:]
        for name in names {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            let type = switch (name as NSString).pathExtension {
            case "css": "text/css; charset=utf-8"
            case "js": "text/javascript; charset=utf-8"
            case "svg": "image/svg+xml"
            default: "application/octet-stream"
            }
            let digest = SHA256.hash(data: data).prefix(12).map { String(format: "%02x", $0) }.joined()
            assets[name] = Asset(bytes: ByteBuffer(bytes: data), contentType: type, etag: "\"\(digest)\"")
        }
        return assets
    }
}
