import Foundation

/// The OpenAPI 3 description of `/api/v1`, served at `/api/v1/openapi.json`.
///
/// Kept by hand beside the routes; `OpenAPITests` fails when a route is missing from it or it
/// describes one that does not exist, and schemathesis checks the answers against it.
public enum OpenAPIDocument {
    public static let json = template.replacingOccurrences(of: "ACTION_RESPONSES", with: actionResponses)

    /// What every action answers.
    static let actionResponses = #"""
{
      "201": {"description": "Recorded as one commit", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Recorded"}}}},
      "401": {"$ref": "#/components/responses/Error"},
      "403": {"$ref": "#/components/responses/Error"},
      "404": {"$ref": "#/components/responses/Error"},
      "409": {"$ref": "#/components/responses/Error"},
      "422": {"$ref": "#/components/responses/Error"}
    }
"""#

    static let template = #"""
{
  "openapi": "3.0.3",
  "info": {
    "title": "Accord",
    "version": "1",
    "description": "Draft, amend, vote on and adopt resolutions; every action is one git commit of the record. Sign in with POST /api/v1/sessions (a cookie session: state-changing requests carry X-CSRF-Token) or send Authorization: Bearer TOKEN (accord token create)."
  },
  "servers": [{"url": "/"}],
  "security": [{"bearer": []}, {"session": []}],
  "paths": {
    "/api/v1/openapi.json": {
      "get": {"summary": "This document", "security": [], "responses": {"200": {"description": "The OpenAPI document", "content": {"application/json": {"schema": {"type": "object"}}}}}}
    },
    "/api/v1/sessions": {
      "post": {
        "summary": "Sign in with email and password; sets the session cookie",
        "security": [],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SignIn"}}}},
        "responses": {
          "201": {"description": "Signed in", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"},
          "429": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/v1/session": {
      "get": {
        "summary": "Who is signed in (and the session's CSRF token)",
        "responses": {
          "200": {"description": "The signed-in person", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
          "401": {"$ref": "#/components/responses/Error"}
        }
      },
      "delete": {
        "summary": "Sign out",
        "responses": {"204": {"description": "Signed out"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/api/v1/invitations/{token}": {
      "post": {
        "summary": "Accept an invitation: set the password",
        "security": [],
        "parameters": [{"name": "token", "in": "path", "required": true, "schema": {"type": "string"}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Password"}}}},
        "responses": {
          "200": {"description": "The password is set", "content": {"application/json": {"schema": {"type": "object", "required": ["person"], "properties": {"person": {"$ref": "#/components/schemas/Person"}}}}}},
          "404": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/v1/resolutions": {
      "get": {
        "summary": "The resolutions (as accord status --json)",
        "responses": {
          "200": {"description": "Every resolution", "content": {"application/json": {"schema": {"type": "object", "required": ["resolutions"], "properties": {"resolutions": {"type": "array", "items": {"$ref": "#/components/schemas/ResolutionSummary"}}}}}}},
          "401": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/v1/resolutions/{resolution}": {
      "parameters": [{"$ref": "#/components/parameters/Resolution"}],
      "get": {
        "summary": "Where a resolution stands (as accord status RES --json)",
        "responses": {
          "200": {"description": "The status", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/v1/resolutions/{resolution}/voting-list": {
      "parameters": [{"$ref": "#/components/parameters/Resolution"}],
      "get": {
        "summary": "The voting list (as accord voting-list RES --json)",
        "responses": {
          "200": {"description": "The voting list", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/VotingListEntry"}}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/v1/resolutions/{resolution}/log": {
      "parameters": [{"$ref": "#/components/parameters/Resolution"}, {"$ref": "#/components/parameters/Limit"}],
      "get": {
        "summary": "The actions on a resolution, newest first (as accord log RES --json)",
        "responses": {
          "200": {"description": "The log", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/LogEntry"}}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/v1/log": {
      "parameters": [{"$ref": "#/components/parameters/Limit"}],
      "get": {
        "summary": "Every action of the record, newest first (as accord log --json)",
        "responses": {
          "200": {"description": "The log", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/LogEntry"}}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/v1/resolutions/{resolution}/amendments": {
      "parameters": [{"$ref": "#/components/parameters/Resolution"}],
      "post": {
        "summary": "Table an amendment",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AmendmentDraft"}}}},
        "responses": ACTION_RESPONSES
      }
    },
    "/api/v1/resolutions/{resolution}/export": {
      "parameters": [{"$ref": "#/components/parameters/Resolution"}],
      "get": {
        "summary": "The resolution as a file, in any format, view, version and language (as accord export RES)",
        "description": "The same bytes as accord export writes for the same arguments, as an attachment named after the resolution, the view and the language (pact-2026-amendments.docx, pact-2026.fr.xml). A language version with out-of-date or missing translations is refused (409), listing them, unless allow-stale=true, which marks each of them.",
        "parameters": [
          {"name": "format", "in": "query", "required": false, "description": "md (the draft format), html, akn (Akoma Ntoso 3.0) or docx (Word); html by default", "schema": {"type": "string", "enum": ["md", "html", "akn", "docx"], "default": "html"}},
          {"name": "view", "in": "query", "required": false, "description": "The format's first view by default (text). md: text; html and docx: text, amendments, voting-list, adopted; akn: text, amendments; html also bilingual, with languages", "schema": {"type": "string", "enum": ["text", "amendments", "voting-list", "adopted", "bilingual"]}},
          {"name": "at", "in": "query", "required": false, "description": "The version: a commit, a tag such as pact-2026/adopted, or main~N (the tip of main by default)", "schema": {"type": "string"}, "example": "pact-2026/adopted"},
          {"name": "language", "in": "query", "required": false, "description": "The text view in one of the resolution's languages", "schema": {"type": "string"}, "example": "fr"},
          {"name": "allow-stale", "in": "query", "required": false, "description": "With language: export even with out-of-date or missing translations, each marked", "schema": {"type": "boolean", "default": false}},
          {"name": "languages", "in": "query", "required": false, "description": "With format=html and view=bilingual: two or more languages side by side, separated by commas", "schema": {"type": "string"}, "example": "en,fr"},
          {"name": "country", "in": "query", "required": false, "description": "Akoma Ntoso's FRBRcountry, the jurisdiction of the work", "schema": {"type": "string", "default": "eu"}}
        ],
        "responses": {
          "200": {
            "description": "The file, as an attachment (Content-Disposition names it)",
            "headers": {"Content-Disposition": {"schema": {"type": "string"}, "example": "attachment; filename=\"pact-2026-amendments.docx\""}},
            "content": {
              "text/markdown": {"schema": {"type": "string"}},
              "text/html": {"schema": {"type": "string"}},
              "application/akn+xml": {"schema": {"type": "string"}},
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"schema": {"type": "string", "format": "binary"}}
            }
          },
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/v1/resolutions/{resolution}/amendments/from-docx": {
      "parameters": [{"$ref": "#/components/parameters/Resolution"}],
      "post": {
        "summary": "Table one amendment per provision changed with Track Changes in a copy of the Word text export (as accord amend RES --from FILE.docx)",
        "description": "The body is a copy of GET …/export?format=docx changed in Word with Track Changes on: tracked changes inside a provision give a replacement, a provision deleted whole a deletion, a new paragraph an insertion; a Word comment on a change is its justification. Each amendment is tabled as the signed-in person, in text order, as its own commit; all of them land together, or, when one is refused, none does. Changes outside provisions, edits without Track Changes and changes that cannot be tied to one provision are refused (422) with their place, and nothing is written.",
        "parameters": [
          {"name": "dry-run", "in": "query", "required": false, "description": "List the amendments without tabling them", "schema": {"type": "boolean", "default": false}},
          {"name": "justification", "in": "query", "required": false, "description": "The justification of the amendments that carry no Word comment", "schema": {"type": "string"}},
          {"name": "file", "in": "query", "required": false, "description": "The uploaded file's name, which the reasons of a refusal name", "schema": {"type": "string"}, "example": "afccre.docx"}
        ],
        "requestBody": {"required": true, "description": "The marked-up Word document (at most 10 MB)", "content": {
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"schema": {"type": "string", "format": "binary"}},
          "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
        }},
        "responses": {
          "200": {"description": "With dry-run=true: the amendments that would be tabled; nothing written", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WordAmendments"}}}},
          "201": {"description": "Tabled: each amendment with its id and commit", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WordAmendments"}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"},
          "415": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/v1/resolutions/{resolution}/compromises": {
      "parameters": [{"$ref": "#/components/parameters/Resolution"}],
      "post": {
        "summary": "Table a compromise replacing amendments (the secretariat, during screening)",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AmendmentDraft"}}}},
        "responses": ACTION_RESPONSES
      }
    },
    "/api/v1/resolutions/{resolution}/amendments/{amendment}/withdrawal": {
      "parameters": [{"$ref": "#/components/parameters/Resolution"}, {"$ref": "#/components/parameters/Amendment"}],
      "post": {"summary": "Withdraw an amendment of one's organisation", "responses": ACTION_RESPONSES}
    },
    "/api/v1/resolutions/{resolution}/amendments/{amendment}/cosignatures": {
      "parameters": [{"$ref": "#/components/parameters/Resolution"}, {"$ref": "#/components/parameters/Amendment"}],
      "post": {"summary": "Co-sign an amendment of another organisation while amendments are open", "responses": ACTION_RESPONSES}
    },
    "/api/v1/resolutions/{resolution}/amendments/{amendment}/ruling": {
      "parameters": [{"$ref": "#/components/parameters/Resolution"}, {"$ref": "#/components/parameters/Amendment"}],
      "post": {
        "summary": "Rule an amendment admissible or not (the secretariat, during screening)",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ruling"}}}},
        "responses": ACTION_RESPONSES
      }
    },
    "/api/v1/resolutions/{resolution}/amendments/{amendment}/proposal": {
      "parameters": [{"$ref": "#/components/parameters/Resolution"}, {"$ref": "#/components/parameters/Amendment"}],
      "post": {
        "summary": "Recommend how to vote on an amendment (the secretariat)",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Proposal"}}}},
        "responses": ACTION_RESPONSES
      }
    },
    "/api/v1/resolutions/{resolution}/votes": {
      "parameters": [{"$ref": "#/components/parameters/Resolution"}],
      "post": {
        "summary": "Vote for one's organisation on an amendment (A3) or a section (sec-…); a later vote replaces it",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Vote"}}}},
        "responses": ACTION_RESPONSES
      }
    },
    "/api/v1/resolutions/{resolution}/transitions": {
      "parameters": [{"$ref": "#/components/parameters/Resolution"}],
      "post": {
        "summary": "Take a step of the resolution's workflow (open-amendments, close-voting, adopt, …)",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Transition"}}}},
        "responses": ACTION_RESPONSES
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": {"type": "http", "scheme": "bearer"},
      "session": {"type": "apiKey", "in": "cookie", "name": "accord_session"}
    },
    "parameters": {
      "Resolution": {"name": "resolution", "in": "path", "required": true, "schema": {"type": "string"}, "example": "pact-2026"},
      "Amendment": {"name": "amendment", "in": "path", "required": true, "schema": {"type": "string"}, "example": "A3"},
      "Limit": {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1}}
    },
    "responses": {
      "Error": {"description": "Refused; every reason in words", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Error": {"type": "object", "required": ["error", "reasons"], "properties": {"error": {"type": "string"}, "reasons": {"type": "array", "items": {"type": "string"}}}},
      "Recorded": {"type": "object", "required": ["commit", "summary"], "properties": {"commit": {"type": "string", "pattern": "^[0-9a-f]{40}$"}, "summary": {"type": "string"}, "created": {"type": "string"}}},
      "SignIn": {"type": "object", "required": ["email", "password"], "properties": {"email": {"type": "string"}, "password": {"type": "string"}}},
      "Password": {"type": "object", "required": ["password"], "properties": {"password": {"type": "string", "minLength": 10}}},
      "Person": {"type": "object", "required": ["id", "name", "email", "organisation", "roles"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "email": {"type": "string"}, "organisation": {"type": "string"}, "roles": {"type": "array", "items": {"type": "string"}}}},
      "Session": {"type": "object", "required": ["person"], "properties": {"person": {"$ref": "#/components/schemas/Person"}, "csrfToken": {"type": "string"}}},
      "AmendmentDraft": {"type": "object", "required": ["target", "kind"], "properties": {
        "target": {"type": "string", "example": "par-4"},
        "kind": {"type": "string", "enum": ["replace", "delete", "insert-before", "insert-after"]},
        "text": {"type": "string"}, "justification": {"type": "string"},
        "cosignatories": {"type": "array", "items": {"type": "string"}},
        "replaces": {"type": "array", "items": {"type": "string"}, "example": ["A1", "A2"]}}},
      "Ruling": {"type": "object", "required": ["admissible"], "properties": {"admissible": {"type": "boolean"}, "reason": {"type": "string"}}},
      "Proposal": {"type": "object", "required": ["recommendation"], "properties": {"recommendation": {"type": "string", "enum": ["accept", "reject"]}, "note": {"type": "string"}}},
      "Vote": {"type": "object", "required": ["item", "choice"], "properties": {"item": {"type": "string", "example": "A3"}, "choice": {"type": "string", "enum": ["for", "against", "abstain"]}}},
      "Transition": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "example": "open-amendments"}, "deadline": {"type": "string", "example": "2026-12-15T18:00Z"}}},
      "ResolutionSummary": {"type": "object", "required": ["id", "title", "state", "workflow"], "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "state": {"type": "string"}, "workflow": {"type": "string"}}},
      "Votes": {"type": "object", "additionalProperties": {"type": "string", "enum": ["for", "against", "abstain"]}},
      "Status": {"type": "object", "required": ["id", "title", "workflow", "state", "round", "electorate", "amendments", "sections", "next"], "properties": {
        "id": {"type": "string"}, "title": {"type": "string"}, "workflow": {"type": "string"}, "state": {"type": "string"},
        "round": {"type": "integer"}, "deadline": {"type": "string"},
        "electorate": {"type": "array", "items": {"type": "string"}},
        "amendments": {"type": "array", "items": {"$ref": "#/components/schemas/AmendmentStatus"}},
        "sections": {"type": "array", "items": {"type": "object", "required": ["id", "title"], "properties": {
          "id": {"type": "string"}, "title": {"type": "string"}, "votes": {"$ref": "#/components/schemas/Votes"}, "result": {"type": "string"}, "approved": {"type": "boolean"}}}},
        "next": {"type": "array", "items": {"type": "object", "required": ["kind", "name"], "properties": {
          "kind": {"type": "string", "enum": ["transition", "action"]}, "name": {"type": "string"}, "description": {"type": "string"},
          "roles": {"type": "array", "items": {"type": "string"}}, "blockers": {"type": "array", "items": {"type": "string"}}}}},
        "textVote": {"type": "object", "required": ["passed", "result", "votes"], "properties": {
          "body": {"type": "string"}, "passed": {"type": "boolean"}, "result": {"type": "string"}, "votes": {"$ref": "#/components/schemas/Votes"}}},
        "translations": {"type": "object", "description": "Per language other than the resolution's own: how many pieces (title, opening formula, headings, provisions) are translated and up to date, and the ids of those out of date or not translated", "additionalProperties": {"$ref": "#/components/schemas/TranslationProgress"}, "example": {"fr": {"current": 26, "stale": ["par-6"], "missing": ["par-a2"]}}}}},
      "TranslationProgress": {"type": "object", "required": ["current", "stale", "missing"], "properties": {
        "current": {"type": "integer", "minimum": 0}, "stale": {"type": "array", "items": {"type": "string"}}, "missing": {"type": "array", "items": {"type": "string"}}}},
      "WordAmendments": {"type": "object", "required": ["tabled", "amendments"], "properties": {
        "tabled": {"type": "boolean"},
        "amendments": {"type": "array", "items": {"type": "object", "required": ["target", "kind", "justification", "place", "summary"], "properties": {
          "target": {"type": "string"}, "kind": {"type": "string", "enum": ["replace", "delete", "insert-before", "insert-after"]},
          "text": {"type": "string"}, "justification": {"type": "string"}, "place": {"type": "string"}, "summary": {"type": "string"},
          "id": {"type": "string", "example": "A4"}, "commit": {"type": "string", "pattern": "^[0-9a-f]{40}$"}}}}}},
      "AmendmentStatus": {"type": "object", "required": ["id", "state", "round", "target", "kind", "organisation", "tabledBy"], "properties": {
        "id": {"type": "string"},
        "state": {"type": "string", "enum": ["tabled", "admissible", "inadmissible", "withdrawn", "adopted", "rejected", "fallen"]},
        "round": {"type": "integer"}, "target": {"type": "string"},
        "kind": {"type": "string", "enum": ["replace", "delete", "insert-before", "insert-after"]},
        "text": {"type": "string"}, "justification": {"type": "string"}, "organisation": {"type": "string"}, "tabledBy": {"type": "string"},
        "cosignatories": {"type": "array", "items": {"type": "string"}}, "replaces": {"type": "array", "items": {"type": "string"}},
        "coveredBy": {"type": "string"}, "ruling": {"type": "string"}, "rulingReason": {"type": "string"}, "proposal": {"type": "string"},
        "proposalNote": {"type": "string"}, "outcome": {"type": "string"}, "votes": {"$ref": "#/components/schemas/Votes"}}},
      "VotingListEntry": {"type": "object", "required": ["amendment", "target", "kind", "organisation", "falls"], "properties": {
        "amendment": {"type": "string"}, "target": {"type": "string"}, "kind": {"type": "string"}, "organisation": {"type": "string"},
        "falls": {"type": "array", "items": {"type": "string"}}}},
      "LogEntry": {"type": "object", "required": ["commit", "date", "author", "email", "summary"], "properties": {
        "commit": {"type": "string"}, "date": {"type": "string"}, "author": {"type": "string"}, "email": {"type": "string"}, "summary": {"type": "string"},
        "action": {"type": "string"}, "resolution": {"type": "string"}, "actor": {"type": "string"}, "organisation": {"type": "string"}, "item": {"type": "string"}}}
    }
  }
}
"""#
}
