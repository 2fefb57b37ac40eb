import ArgumentParser
import Foundation

/// `accord serve`, `accord invite` and `accord token` run `accord-server`, found beside `accord`:
/// the server's libraries (Hummingbird, SQLite) stay out of the CLI, whose every command starts
/// a process. Their options are `accord-server`'s; `accord serve --help` prints them.
enum ServerExecutable {
    static let name = "accord-server"

    /// Replaces this process with `accord-server COMMAND ARGUMENTS…`, in the same folder
    /// (after `-C DIR`) and environment; returns only if it cannot be started.
    static func exec(_ command: String, _ arguments: [String]) throws -> Never {
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let path = URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure.exit("‘accord \(command)’ needs \(name) beside accord (\(path)); build it with ‘swift build --product \(name)’")
        }
        let argv = [name, command] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        execv(path, &cArguments)
        throw Failure.exit("cannot start \(path): \(String(cString: strerror(errno)))")
    }
}

extension Accord {
    /// `accord serve [--host H] [--port P] [--public-url URL] [--data DIR] [--trusted-proxy ADDR]`
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the record to the group: web pages and a JSON API (runs accord-server; see ‘accord serve --help’).")
        @Argument(parsing: .captureForPassthrough) var arguments: [String] = []
        func run() throws { try ServerExecutable.exec("serve", arguments) }
    }

    /// `accord invite PERSON`
    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "invite",
            abstract: "Print a one-time link (valid 7 days) where a person sets their password for the server.")
        @Argument(parsing: .captureForPassthrough) var arguments: [String] = []
        func run() throws { try ServerExecutable.exec("invite", arguments) }
    }

    /// `accord token create PERSON [--name NAME]`, `accord token revoke TOKEN-ID`
    struct TokenCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Create or revoke a personal access token for the server's API (for scripts).")
        @Argument(parsing: .captureForPassthrough) var arguments: [String] = []
        func run() throws { try ServerExecutable.exec("token", arguments) }
    }
}
