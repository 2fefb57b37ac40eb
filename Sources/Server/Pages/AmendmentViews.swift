import Exports
import Foundation
import Resolutions
import Workflow

/// The pages of one amendment, of tabling and of compromises (`MemberPages.swift` adds their
/// routes). What each page shows is decided here, from the record and the planner's answers;
/// how it looks is in the templates `amendment`, `amend` and `compromise`.
enum AmendmentPages {
    /// The four things an amendment does to its provision, as the forms offer them.
    static let kinds: [AmendmentKind] = [.replace, .delete, .insertBefore, .insertAfter]

    /// Reasons in sentences, as a refusal shows them beside its form; none for none.
    static func sentences(_ reasons: [String]) -> [String] {
        reasons.map(EnglishText.sentence)
    }

    /// What an amendment of `kind` does to the provision labelled `label`, as a heading says it.
    static func action(_ kind: AmendmentKind, _ label: String) -> String {
        switch kind {
        case .replace: "Replace \(label)"
        case .delete: "Delete \(label)"
        case .insertBefore: "Insert before \(label)"
        case .insertAfter: "Insert after \(label)"
        }
    }

    /// The label of a kind beside its radio button.
    static func choiceLabel(_ kind: AmendmentKind) -> String {
        switch kind {
        case .replace: "Replace the provision with new wording"
        case .delete: "Delete the provision"
        case .insertBefore: "Insert a new provision before it"
        case .insertAfter: "Insert a new provision after it"
        }
    }

    /// Where a resolution's pages are.
    static func resolutionPath(_ id: String) -> String { "/resolutions/\(id)" }
    static func amendmentPath(_ id: String, _ amendment: String) -> String { "/resolutions/\(id)/amendments/\(amendment)" }
    static func tabling(_ id: String, _ provision: String) -> String { "/resolutions/\(id)/provisions/\(provision)/amend" }
    static func compromise(_ id: String, provision: String? = nil) -> String {
        "/resolutions/\(id)/compromise" + (provision.map { "?provision=\($0)" } ?? "")
    }
}

// MARK: Views shared by the templates

extension AmendmentPages {
    /// A run of words of a track-changes view: unchanged, inserted or deleted.
    struct RunView: Sendable {
        let text: String
        let same: Bool
        let inserted: Bool
        let deleted: Bool
        /// Whether a space separates it from the run before.
        let space: Bool

        static func list(_ runs: [TextDiff.Run]) -> [RunView] {
            runs.enumerated().map { index, run in
                switch run {
                case .same(let words): RunView(text: words, same: true, inserted: false, deleted: false, space: index > 0)
                case .inserted(let words): RunView(text: words, same: false, inserted: true, deleted: false, space: index > 0)
                case .deleted(let words): RunView(text: words, same: false, inserted: false, deleted: true, space: index > 0)
                }
            }
        }
    }

    /// A provision as the forms show it: its label, id and current wording.
    struct ProvisionView: Sendable {
        let id: String
        let label: String
        let wording: String
        /// Its place on the resolution's page.
        let href: String

        init(_ provision: Provision, in text: ResolutionText, resolution: String) {
            id = provision.id
            label = text.label(of: provision.id)
            wording = provision.text
            href = AmendmentPages.resolutionPath(resolution) + "#" + provision.id
        }
    }

    /// A radio button or checkbox: its value, label and whether it is checked.
    struct ChoiceView: Sendable {
        let value: String
        let label: String
        let checked: Bool
        /// A unique id for the field, so that its label points at it.
        let field: String
    }

    /// One kind of amendment among the radio buttons.
    static func kindChoices(_ kinds: [AmendmentKind], chosen: AmendmentKind) -> [ChoiceView] {
        kinds.map { ChoiceView(value: $0.rawValue, label: choiceLabel($0), checked: $0 == chosen, field: "kind-\($0.rawValue)") }
    }

    /// The preview of an amendment not yet tabled: its track changes, and what the planner
    /// would refuse if it were tabled now.
    struct PreviewView: Sendable {
        let action: String
        let runs: [RunView]
        let problems: [String]
    }
}
