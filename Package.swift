// swift-tools-version:6.2
import PackageDescription

/// Accord: resolution drafting workflows recorded in git.
///
/// Layers, each depending only on those above it:
/// - `CLibGit2`: the system libgit2 and a small shim for what Swift cannot call directly;
/// - `GitStore`: the only module that holds libgit2 pointers;
/// - `Workflow`: state machines as data, independent of git and of resolutions;
/// - `Resolutions`: drafts, amendments, votes and adoption, recorded through `GitStore`;
/// - `Exports`: the text for readers and other systems (Markdown, HTML, Akoma Ntoso, Word);
/// - `Server`: the HTTP server, its JSON API and its web pages (Hummingbird, Mustache templates), with
///   sign-in kept in SQLite (GRDB);
/// - `accord`: the command-line tool; `accord-server` runs `serve`, `invite` and `token`, so that
///   the CLI links neither Hummingbird nor GRDB.
let package = Package(
    name: "Accord",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "accord", targets: ["accord"]),
        .library(name: "Workflow", targets: ["Workflow"]),
        .library(name: "GitStore", targets: ["GitStore"]),
        .library(name: "Resolutions", targets: ["Resolutions"]),
        .library(name: "Exports", targets: ["Exports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Already built for Hummingbird's sign-in; the server hashes its tokens with it.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // The web pages' templates: logic-less, escaping by default, from Hummingbird's authors.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // A Word file uploaded from a page comes as multipart/form-data, which Hummingbird leaves
        // to this library (on SwiftNIO, already built for Hummingbird).
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(name: "GitStore", dependencies: ["CLibGit2"]),
        .target(name: "Workflow", dependencies: ["Yams"]),
        .target(name: "Resolutions", dependencies: ["GitStore", "Workflow", "Yams"]),
        .target(name: "Exports", dependencies: ["Resolutions", "ZIPFoundation"]),
        .executableTarget(
            name: "accord",
            dependencies: [
                "Resolutions", "Exports", "Workflow", "GitStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "Server",
            dependencies: [
                "Resolutions", "Workflow", "GitStore", "Exports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            // The pages' templates, style sheet and script, read through Bundle.module.
            resources: [.copy("Pages/Templates"), .copy("Pages/Assets")]
        ),
        .executableTarget(
            name: "accord-server",
            dependencies: ["Server", "Resolutions", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "accord-bench", dependencies: ["GitStore", "Resolutions", "Exports", "Workflow"]),
        // The real `git`, run by every test suite that checks a record with it.
        .target(name: "GitTestSupport", path: "Tests/GitTestSupport"),
        .testTarget(name: "GitStoreTests", dependencies: ["GitStore", "GitTestSupport"]),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow"], resources: [.copy("Fixtures"), .copy("Snapshots")]),
        .testTarget(name: "ResolutionsTests", dependencies: ["Resolutions", "GitStore", "Workflow", "GitTestSupport"]),
        .testTarget(name: "ExportsTests", dependencies: ["Exports", "Resolutions"]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Resolutions", "Exports", "GitTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "AccordCLITests", dependencies: ["Resolutions"], resources: [.copy("Snapshots")]),
    ],
    swiftLanguageModes: [.v6]
)
