import ArgumentParser
import Foundation
import Resolutions
import Server

/// `accord-server`: `accord serve`, `accord invite` and `accord token`, in their own executable
/// so that the CLI links neither Hummingbird nor SQLite (`accord` runs this one for them).
@main
struct AccordServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord-server",
        abstract: "Serve an Accord record to the group, and manage sign-in (run as ‘accord serve|invite|token’).",
        version: "0.1.0",
        subcommands: [Serve.self, Invite.self, Token.self]
    )
}

/// Options of every command here: the record, found like every accord command.
struct ServerRecordOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Use the record in DIR (or above it).", valueName: "DIR"))
    var directory: String?
    @Option(help: ArgumentHelp("Where the server keeps sign-ins and sessions (default: <git dir>/accord).", valueName: "DIR"))
    var data: String?

    /// The record's git folder, or a clear failure.
    func gitDirectory() throws -> String {
        let path = directory ?? FileManager.default.currentDirectoryPath
        do {
            return try Record.open(at: path, searchParents: true).repository.gitDirectory
        } catch {
            throw fail("there is no Accord record in ‘\(path)’ or above it (\(error.reasons.joined(separator: "; ")))")
        }
    }

    /// The server's configuration for the record in `gitDirectory`, with its data folder.
    func configuration(_ gitDirectory: String) -> ServerConfiguration {
        var configuration = ServerConfiguration(gitDirectory: gitDirectory)
        configuration.dataDirectory = data
        return configuration
    }

    func store(_ gitDirectory: String) throws -> CredentialStore {
        try CredentialStore(directory: configuration(gitDirectory).resolvedDataDirectory)
    }

    /// The roster person named, or a clear failure.
    func person(_ name: String, in gitDirectory: String) throws -> Person {
        do {
            if let person = try Record.open(at: gitDirectory).snapshot().roster().person(name) { return person }
        } catch {
            throw fail(error.reasons.joined(separator: "; "))
        }
        throw fail("there is no person ‘\(name)’ in the roster (use a roster id or email; ‘accord roster show’ lists them)")
    }
}

func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("accord: \(message)\n".utf8))
    return ExitCode(1)
}

extension AccordServerCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the record: the web pages, and the JSON API under /api/v1 (stops cleanly on SIGTERM or SIGINT).",
            discussion: """
            Examples:
              accord serve            http://127.0.0.1:8080, for a proxy on this machine
              accord serve --public-url https://accord.example.org --trusted-proxy 127.0.0.1
            """)
        @Option(help: "The address to listen on.") var host = "127.0.0.1"
        @Option(help: "The port to listen on.") var port = 8080
        @Option(name: .customLong("public-url"), help: ArgumentHelp("The address people use (for invitation links; https makes cookies Secure).", valueName: "URL"))
        var publicURL: String?
        @Option(name: .customLong("trusted-proxy"), help: ArgumentHelp("A reverse proxy whose X-Forwarded-For names the client (repeatable).", valueName: "ADDR"))
        var trustedProxies: [String] = []
        @OptionGroup var record: ServerRecordOptions

        func run() async throws {
            var configuration = record.configuration(try record.gitDirectory())
            configuration.host = host
            configuration.port = port
            configuration.publicURL = publicURL
            configuration.trustedProxies = Set(trustedProxies)
            if let text = ProcessInfo.processInfo.environment["ACCORD_NOW"], !text.isEmpty {
                guard let date = RecordDate.parse(text) else { throw fail("ACCORD_NOW=‘\(text)’ is not a date (use ISO 8601)") }
                configuration.now = { date }
            }
            let server = try buildApplication(configuration)
            let address = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
            FileHandle.standardError.write(Data("accord: serving the record \(configuration.gitDirectory) at \(address)\(publicURL.map { " (people use \($0))" } ?? ""); stop with Ctrl-C or SIGTERM\n".utf8))
            try await server.application.runService()
        }
    }

    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "invite",
            abstract: "Print a one-time link (valid 7 days) where PERSON sets their password; again, it resets it.")
        @Argument(help: "A roster id or email.") var person: String
        @OptionGroup var record: ServerRecordOptions

        func run() async throws {
            let gitDirectory = try record.gitDirectory()
            let invited = try record.person(person, in: gitDirectory)
            let store = try record.store(gitDirectory)
            let token = try store.invite(invited.id)
            let base = try store.setting(ServerConfiguration.publicURLSetting) ?? "http://127.0.0.1:8080"
            print("\(base.hasSuffix("/") ? String(base.dropLast()) : base)/invite/\(token)")
            FileHandle.standardError.write(Data("Send this link to \(invited.name) <\(invited.email)>; it works once, for 7 days.\n".utf8))
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: "Personal access tokens for the API (Authorization: Bearer TOKEN).",
            subcommands: [Create.self, Revoke.self, List.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "create", abstract: "Print a new token for PERSON, once.")
            @Argument(help: "A roster id or email.") var person: String
            @Option(help: "What the token is for.") var name = "script"
            @OptionGroup var record: ServerRecordOptions

            func run() async throws {
                let gitDirectory = try record.gitDirectory()
                let owner = try record.person(person, in: gitDirectory)
                let created = try record.store(gitDirectory).createToken(for: owner.id, name: name)
                print(created.token)
                FileHandle.standardError.write(Data("Token \(created.id) for \(owner.name); it is shown only now (revoke: accord token revoke \(created.id)).\n".utf8))
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token by its id (or the token itself).")
            @Argument(help: "The token's id, as create and list print it.") var token: String
            @OptionGroup var record: ServerRecordOptions

            func run() async throws {
                let id = CredentialStore.tokenID(token)
                guard try record.store(try record.gitDirectory()).revokeToken(id) else { throw fail("there is no token ‘\(id)’") }
                print("Revoked token \(id).")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "The tokens, without their secrets.")
            @OptionGroup var record: ServerRecordOptions

            func run() async throws {
                for token in try record.store(try record.gitDirectory()).tokens() {
                    print("\(token.id)  \(token.person)  \(RecordDate.format(token.createdAt))  \(token.name)")
                }
            }
        }
    }
}
