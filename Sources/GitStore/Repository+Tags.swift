import Foundation
internal import CLibGit2

/// An annotated tag as read back from the record.
public struct TagInfo: Sendable, Equatable {
    /// The tag's name without `refs/tags/`.
    public let name: String
    /// The commit the tag marks.
    public let target: ObjectID
    /// Who tagged (nil only for tags written by tools that omit it).
    public let tagger: Signature?
    /// The tag's message, as stored.
    public let message: String
}

extension Repository {
    /// Creates the annotated tag `refs/tags/<name>` on `target`; refuses an existing name.
    ///
    /// The tag object is written first and the ref created last (in batch
    /// mode, at `flush()`), like a commit.
    @discardableResult
    public func createTag(_ name: String, target: ObjectID, tagger: Signature, message: String) throws(GitError) -> ObjectID {
        try checkTagIsFree(name)
        do {
            let tag = try writeTag(name, target: target, tagger: tagger, message: message)
            try publish([ReferenceMove(name: "refs/tags/" + name, target: tag, expected: nil)], logMessage: "tag \(name)", signature: tagger)
            return tag
        } catch {
            dropUnpublishedObjects()
            throw error
        }
    }

    /// Refuses an invalid tag name, or one already taken (the ref's creation checks again, atomically).
    func checkTagIsFree(_ name: String) throws(GitError) {
        let ref = "refs/tags/" + name
        var valid: Int32 = 0
        try check(git_reference_name_is_valid(&valid, ref), "git_reference_name_is_valid")
        guard valid == 1 else { throw GitError(.invalidPath, function: "createTag", message: "‘\(name)’ is not a valid tag name") }
        if try reference(ref) != nil {
            throw GitError(.alreadyExists, code: GIT_EEXISTS.rawValue, function: "createTag", message: "the tag ‘\(name)’ already exists")
        }
    }

    /// Writes the object of an annotated tag into memory.
    func writeTag(_ name: String, target: ObjectID, tagger: Signature, message: String) throws(GitError) -> ObjectID {
        let object = try lookUp(target, GIT_OBJECT_COMMIT)
        defer { git_object_free(object) }
        let raw = try tagger.makeRaw()
        defer { git_signature_free(raw) }
        var tagID = git_oid()
        try check(git_tag_annotation_create(&tagID, handle, name, object, raw, message), "git_tag_annotation_create")
        try addToPack(tagID, path: nil)
        return ObjectID(tagID)
    }

    /// Removes the tag `name` if it still names `expected`, by the same compare-and-swap as
    /// every ref move (a tag left by a writer that stopped before its branch moved).
    public func deleteTag(_ name: String, expected: ObjectID) throws(GitError) {
        try moveReferences([ReferenceMove(name: "refs/tags/" + name, target: nil, expected: expected)],
                           logMessage: "remove tag \(name)", signature: nil)
    }

    /// The annotated tag `name`, or nil when there is none.
    public func tag(_ name: String) throws(GitError) -> TagInfo? {
        guard var oid = try reference("refs/tags/" + name)?.raw else { return nil }
        var tag: OpaquePointer?
        let code = git_tag_lookup(&tag, handle, &oid)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "git_tag_lookup")
        defer { git_tag_free(tag) }
        let tagger = git_tag_tagger(tag).map { Signature($0) }
        return TagInfo(name: name, target: ObjectID(git_tag_target_id(tag).pointee), tagger: tagger,
                       message: git_tag_message(tag).map { String(cString: $0) } ?? "")
    }
}
