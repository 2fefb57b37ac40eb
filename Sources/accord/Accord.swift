import ArgumentParser
import Foundation
import GitStore

/// `accord`: every action on a consultation, for people and for scripts.
///
/// Every command names itself (`commandName`): the parser would otherwise derive each name
/// from its type's name, a runtime lookup that cost a few milliseconds of every command.
struct Accord: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "accord",
        abstract: "Draft, amend, vote on and adopt resolutions, with every action recorded in git.",
        discussion: """
        Run inside an Accord record (found from the current folder upward, like git), or point \
        at one with -C DIR. Every action is one git commit; a refused action changes nothing.

        Who acts: --as PERSON (a roster id or email), else $ACCORD_ACTOR, else git's user.email.

        Time: $ACCORD_NOW (ISO 8601) fixes "now" for deadlines and commit times.

        Examples:
          accord demo /tmp/pact           play a whole consultation into a new record
          accord init /tmp/record && cd /tmp/record
          accord roster import roster.yml
          accord draft import pact-resolution.md
          accord advance pact-2026 open-amendments --deadline 2026-12-15T18:00Z
          accord amend pact-2026 --target par-4 --replace "New text" --as amelie
          accord status pact-2026
        """,
        version: version,
        subcommands: [
            Init.self, RosterCommand.self, DraftCommand.self, Status.self, Show.self, Amend.self, Withdraw.self, Cosign.self,
            Screen.self, Propose.self, Vote.self, Advance.self, VotingList.self, Log.self, Diff.self, Verify.self,
            WorkflowCommand.self, Demo.self, Export.self, TranslationCommand.self, Translate.self, Serve.self, Invite.self, TokenCommand.self,
        ]
    )
}

/// Takes git's `accord -C DIR command …` form before the parser sees the arguments.
@main
enum Entry {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        while arguments.count >= 2, arguments[0] == "-C" {
            guard FileManager.default.changeCurrentDirectoryPath(arguments[1]) else {
                FileHandle.standardError.write(Data("accord: cannot change to the folder ‘\(arguments[1])’\n".utf8))
                exit(1)
            }
            arguments.removeFirst(2)
        }
        Accord.main(arguments)
    }
}
