import Foundation
import Resolutions

extension AmendmentDraft {
    /// The word changes this amendment makes to its target provision, as every export shows
    /// them: a replacement word by word against the target's wording, a deletion as the whole
    /// wording struck out, an insertion as its new text. Pages use it for an amendment and for
    /// the preview of one not yet tabled.
    /// - Complexity: O((n + m)·d) for wordings of n and m words of which d differ.
    public func trackChanges(against target: Provision?) -> [TextDiff.Run] {
        let newText = text ?? ""
        switch kind {
        case .replace:
            guard let target else { return [.inserted(newText)] }
            return TextDiff.words(from: target.text, to: newText)
        case .delete:
            return [.deleted(target?.text ?? "")]
        case .insertBefore, .insertAfter:
            return [.inserted(newText)]
        }
    }
}
