import ArgumentParser
import Foundation
import GitStore
import Resolutions

/// Options every command that reads or writes a record shares.
struct RecordOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Use the record in DIR (or above it).", valueName: "DIR"))
    var directory: String?
}

/// Who acts, for commands that change the record.
struct ActorOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("Who acts: a roster id or email (default: $ACCORD_ACTOR, then git's user.email).", valueName: "PERSON"))
    var actor: String?
}

/// The output switch of commands that scripts read.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON (documented in the README) instead of text.")
    var json = false
}

/// What a command needs from its environment: the record, the actor and the time.
enum CommandContext {
    /// "Now": `$ACCORD_NOW` when set (for tests and reproducible demos), else the clock.
    static func now() throws -> Date {
        guard let text = ProcessInfo.processInfo.environment["ACCORD_NOW"], !text.isEmpty else { return Date() }
        guard let date = RecordDate.parse(text) else {
            throw Failure.exit("ACCORD_NOW=‘\(text)’ is not a date (use ISO 8601, e.g. 2026-12-15T18:00:00Z)")
        }
        return date
    }

    /// The records opened by this process, kept until it exits.
    ///
    /// A command ends by exiting; freeing what a read parsed first (ten thousand amendments
    /// and their votes, one object at a time) would take a tenth of the whole command.
    nonisolated(unsafe) private static var opened: [Record] = []

    /// The record in `-C DIR` or the current folder, or the nearest one above.
    static func openRecord(_ options: RecordOptions, mode: Repository.WriteMode = .direct) throws -> Record {
        let path = options.directory ?? FileManager.default.currentDirectoryPath
        do {
            let record = try Record.open(at: path, searchParents: true, mode: mode)
            opened.append(record)
            return record
        } catch .store(let error) where error.kind == .notARepository {
            throw Failure.exit("there is no Accord record in ‘\(path)’ or in any folder above it; create one with ‘accord init DIR’ or point at one with -C DIR")
        } catch {
            report(error)
            throw ExitCode(1)
        }
    }

    /// The acting person as named on the command line, in the environment, or by git's `user.email`.
    static func actor(_ options: ActorOptions, record: Record) -> String? {
        if let actor = options.actor, !actor.isEmpty { return actor }
        if let actor = ProcessInfo.processInfo.environment["ACCORD_ACTOR"], !actor.isEmpty { return actor }
        return record.repository.configValue("user.email")
    }

    /// Runs a library call, turning its refusal into plain words on standard error and exit code 1.
    static func run<T>(_ body: () throws(AccordError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            report(error)
            throw ExitCode(1)
        }
    }

    static func report(_ error: AccordError) {
        let reasons = error.reasons
        if case .refused = error {
            printError(reasons.count == 1 ? "accord: refused: \(reasons[0])" : "accord: refused, because:\n" + reasons.map { "  - \($0)" }.joined(separator: "\n"))
        } else {
            printError(reasons.map { "accord: \($0)" }.joined(separator: "\n"))
        }
    }

    /// Performs an action as the acting person, now, and prints what landed.
    @discardableResult
    static func perform(_ action: Action, record: RecordOptions, actor: ActorOptions) throws -> Performed {
        let opened = try openRecord(record)
        let who = Self.actor(actor, record: opened)
        let now = try now()
        let performed = try run { () throws(AccordError) in try opened.perform(action, by: who, at: now) }
        say(performed)
        return performed
    }

    /// What an action did, as every action command prints it: the id it created, if any (for
    /// scripts, first), then its summary and its commit.
    static func say(_ performed: Performed) {
        if let created = performed.created { print(created) }
        print("\(performed.summary) [\(performed.commit.short)]")
    }

    /// Writes bytes to standard output as they are, without copying them first (a status
    /// of nine megabytes); stops quietly when the reader has gone (`accord status | head`).
    static func writeOut(_ bytes: UnsafeRawBufferPointer) {
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let written = write(STDOUT_FILENO, next, left)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            next += written
            left -= written
        }
    }

    /// Reads a file a person gave on the command line.
    static func readFile(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure.exit("cannot read the file ‘\(path)’")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Failure.exit("the file ‘\(path)’ is not UTF-8 text")
        }
        return text
    }

    /// Prints a value as stable, pretty JSON.
    static func printJSON<T: Encodable>(_ value: T) throws {
        print(String(decoding: try PrettyJSON.encode(value), as: UTF8.self))
    }
}

/// Failures found by the command line itself (a file it cannot read, a bad date).
enum Failure {
    /// Prints the message in plain words on standard error; the caller throws the exit code 1.
    static func exit(_ message: String) -> ExitCode {
        printError("accord: \(message)")
        return ExitCode(1)
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Parses a date given on the command line.
func parseDate(_ text: String, option: String) throws -> Date {
    guard let date = RecordDate.parse(text) else {
        throw Failure.exit("\(option) ‘\(text)’ is not a date (use ISO 8601, e.g. 2026-12-15T18:00Z or 2026-12-15)")
    }
    return date
}

/// Parses an amendment id given on the command line (A12, a12, 12).
func parseAmendment(_ text: String) throws -> Int {
    guard let number = Amendment.number(text) ?? Int(text) else {
        throw Failure.exit("‘\(text)’ is not an amendment id (A1, A2, …)")
    }
    return number
}
