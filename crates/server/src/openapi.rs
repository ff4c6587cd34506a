//! The OpenAPI 3.1 description of `/api`, written by hand next to the
//! routes it describes (a test checks that every route is in it).

use serde_json::{json, Value};

fn page_params() -> Value {
    json!([
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}},
        {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}}
    ])
}

fn q(name: &str, desc: &str) -> Value {
    json!({"name": name, "in": "query", "description": desc, "schema": {"type": "string"}})
}

fn p(name: &str, desc: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "description": desc, "schema": {"type": "string"}})
}

fn read(summary: &str, params: Vec<Value>, paged: bool) -> Value {
    let mut ps = params;
    if paged {
        ps.extend(page_params().as_array().cloned().unwrap_or_default());
    }
    let schema = if paged {
        json!({"$ref": "#/components/schemas/Page"})
    } else {
        json!({"type": "object"})
    };
    json!({"get": {
        "summary": summary,
        "parameters": ps,
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
            "400": {"$ref": "#/components/responses/Error"},
            "404": {"$ref": "#/components/responses/Error"}
        }
    }})
}

fn write(method: &str, summary: &str, role: &str, params: Vec<Value>, body: Option<&str>) -> Value {
    let mut op = json!({
        "summary": format!("{summary} (needs a token with the {role} role; its name is recorded as the actor)"),
        "security": [{"bearer": []}],
        "parameters": params,
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}},
            "400": {"$ref": "#/components/responses/Error"},
            "401": {"$ref": "#/components/responses/Error"},
            "403": {"$ref": "#/components/responses/Error"},
            "404": {"$ref": "#/components/responses/Error"}
        }
    });
    if let Some(b) = body {
        op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{b}")}}}});
    }
    json!({ method: op })
}

/// The description served at `/api/openapi.json`.
pub fn spec() -> Value {
    let mut paths = serde_json::Map::new();
    let mut add = |path: &str, v: Value| {
        let e = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        if let (Some(o), Some(n)) = (e.as_object_mut(), v.as_object()) {
            o.extend(n.clone());
        }
    };
    add(
        "/api/documents",
        read("Stored documents, newest first", vec![], true),
    );
    add("/api/documents/{id}", read("One document (id or unique prefix) with its text and its facts, each with kind, fields and byte span", vec![p("id", "document id or prefix")], false));
    add(
        "/api/entities",
        read(
            "Resolved entities with their surface forms in every language, most documents first",
            vec![q("kind", "only this kind (person, meeting, initiative...)")],
            true,
        ),
    );
    add(
        "/api/entities/{id}",
        read(
            "One entity with every mention: document, span, words",
            vec![p("id", "entity id")],
            false,
        ),
    );
    add("/api/meetings", read("Meetings, one per real-world meeting, with every report (document and span), latest first", vec![], true));
    add("/api/figures", read("Figure series (subject and unit over years), each point with its sources and a disagreement flag", vec![q("series", "only this series id (subject|unit)")], true));
    add("/api/plans", read("Plans and partnerships", vec![], false));
    add(
        "/api/plan/progress",
        read(
            "Counts by status per group as of a date (the history replayed)",
            vec![
                q("plan", "plan id (default: latest)"),
                q("as_of", "YYYY-MM-DD (default: today)"),
                q("by", "pillar (default), section or plan"),
            ],
            false,
        ),
    );
    add("/api/plan/checks", read("Totals reported in the news (e.g. 108/130) set against the tracker's count on the article's date", vec![q("plan", "plan id")], false));
    add(
        "/api/plan/lines",
        read(
            "A plan's lines with status, since when and evidence",
            vec![
                q("plan", "plan id"),
                q("status", "only action lines with this status"),
            ],
            true,
        ),
    );
    add(
        "/api/plan/lines/{line}/history",
        read(
            "Every change of a line: since, recorded, by, from, to, evidence, note",
            vec![p("line", "dotted line id, e.g. 2.3"), q("plan", "plan id")],
            false,
        ),
    );
    add(
        "/api/plan/lines/{line}/status",
        write(
            "post",
            "Set a line's status on evidence",
            "analyst",
            vec![p("line", "dotted line id")],
            Some("StatusChange"),
        ),
    );
    add(
        "/api/commitments",
        read(
            "Commitments with status, overdue flag and follow-ups",
            vec![
                q("open", "true: open or in progress only"),
                q("overdue", "true: overdue only"),
                q("by", "made by (name or gazetteer id)"),
                q("to", "made to"),
                q("as_of", "YYYY-MM-DD for the overdue flag"),
            ],
            true,
        ),
    );
    add(
        "/api/commitments/{id}/status",
        write(
            "post",
            "Set a commitment's status",
            "analyst",
            vec![p("id", "commitment id or prefix")],
            Some("StatusChange"),
        ),
    );
    add("/api/suggestions", read("Documents proposed as evidence for lines and open commitments, with the reason and the sentence", vec![q("doc", "only this document")], true));
    add(
        "/api/suggestions/accept",
        write(
            "post",
            "Accept a suggestion: the status is set with the document's sentence as evidence",
            "analyst",
            vec![],
            Some("Decision"),
        ),
    );
    add(
        "/api/suggestions/reject",
        write(
            "post",
            "Reject a suggestion: it is not proposed again",
            "analyst",
            vec![],
            Some("Decision"),
        ),
    );
    add(
        "/api/suggestions/correct",
        write(
            "post",
            "Correct a suggestion: its document becomes evidence for another line or commitment (or with another status or passage); the history notes what was proposed, and the suggestion is not proposed again",
            "analyst",
            vec![],
            Some("Correction"),
        ),
    );
    add("/api/search", {
        let mut v = read(
                "Full-text search as `hoptac search`: every word must match, with or without diacritics (\"phat thai rong\" finds \"phát thải ròng\"), a phrase in double quotes. Documents best first with a snippet whose matched words are byte spans into the stored text, fact hits (facts whose sentence matches), and facet counts over all matches by year, language, partner and entity. Near-duplicates are left out unless duplicates=true",
                vec![
                    json!({"name": "q", "in": "query", "required": true, "description": "the words", "schema": {"type": "string", "minLength": 1}}),
                    json!({"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["vi", "en"]}}),
                    json!({"name": "from", "in": "query", "description": "published on or after", "schema": {"type": "string", "format": "date"}}),
                    json!({"name": "to", "in": "query", "description": "published on or before", "schema": {"type": "string", "format": "date"}}),
                    q("entity", "only documents that mention this entity id"),
                    json!({"name": "kind", "in": "query", "description": "answer with facts of this kind whose sentence matches (total counts those sentences)", "schema": {"type": "string", "enum": crate::search::KINDS}}),
                    json!({"name": "duplicates", "in": "query", "schema": {"type": "boolean", "default": false}}),
                    json!({"name": "facets", "in": "query", "schema": {"type": "boolean", "default": true}}),
                ],
                false,
            );
        if let Some(ps) = v["get"]["parameters"].as_array_mut() {
            ps.extend(page_params().as_array().cloned().unwrap_or_default());
        }
        v["get"]["responses"]["200"]["content"]["application/json"]["schema"] =
            json!({"$ref": "#/components/schemas/SearchResults"});
        v["get"]["responses"]["503"] = json!({"$ref": "#/components/responses/Error"});
        v
    });
    add(
        "/api/changes",
        read(
            "What changed since a date: statuses, new commitments, meetings",
            vec![
                json!({"name": "since", "in": "query", "required": true, "schema": {"type": "string", "format": "date"}}),
            ],
            false,
        ),
    );
    let mut up = write("post", "Upload files (multipart/form-data, one part per file; .txt .md .html .jsonl), read and checked as `hoptac ingest` reads files. 207 when some failed: each failure names its file, the others are stored", "analyst", vec![], None);
    up["post"]["requestBody"] = json!({"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "additionalProperties": {"type": "string", "format": "binary"}}}}});
    up["post"]["responses"]["207"] =
        json!({"description": "some files failed; the others were stored"});
    up["post"]["responses"]["413"] = json!({"$ref": "#/components/responses/Error"});
    add("/api/ingest", up);
    add("/api/tokens", {
        let mut v = read("Tokens (never their secrets)", vec![], false);
        v["get"]["security"] = json!([{"bearer": []}]);
        v["get"]["summary"] = json!("Tokens, never their secrets (admin)");
        v
    });
    add(
        "/api/tokens/{name}",
        write(
            "delete",
            "Revoke a token",
            "admin",
            vec![p("name", "token name or id")],
            None,
        ),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "hoptac API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The partnership monitor: documents with their facts and byte spans, entities, meetings, figures, the plan tracker. Reading is open on localhost; writes need a bearer token (hoptac token create). Every error is {\"error\": message}."
        },
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {"Error": {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
                "Page": {"type": "object", "required": ["total", "limit", "offset", "items"], "properties": {
                    "total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
                    "items": {"type": "array", "items": {"type": "object"}}}},
                "StatusChange": {"type": "object", "required": ["status"], "properties": {
                    "status": {"type": "string"}, "evidence": {"type": "string", "description": "DOC[:START-END], fact:ID, a URL or ref:TEXT"},
                    "quote": {"type": "string"}, "on": {"type": "string", "format": "date"}, "note": {"type": "string"}, "plan": {"type": "string"}}},
                "Decision": {"type": "object", "required": ["doc", "target"], "properties": {
                    "doc": {"type": "string"}, "target": {"type": "string", "description": "PLAN/LINE or a commitment id"},
                    "status": {"type": "string", "description": "needed to accept"}, "note": {"type": "string"}}},
                "Correction": {"type": "object", "required": ["doc", "target", "status"], "properties": {
                    "doc": {"type": "string"}, "target": {"type": "string", "description": "what was proposed: PLAN/LINE or a commitment id"},
                    "to_kind": {"type": "string", "enum": ["line", "commitment"], "description": "default: the kind proposed"},
                    "to": {"type": "string", "description": "PLAN/LINE, LINE (of the proposed plan) or a commitment id or prefix; default: the target"},
                    "status": {"type": "string"}, "span": {"type": "string", "description": "START-END bytes of the document"},
                    "quote": {"type": "string", "description": "or the passage by its text"}, "note": {"type": "string"}}},
                "Snippet": {"type": "object", "properties": {
                    "span": {"type": "array", "items": {"type": "integer"}, "description": "[start, end) bytes of the stored text"},
                    "text": {"type": "string"},
                    "highlights": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}, "description": "matched words, [start, end) bytes of the stored text"}}},
                "SearchResults": {"type": "object", "required": ["query", "total", "limit", "offset", "documents", "facts"], "properties": {
                    "query": {"type": "string"}, "total": {"type": "integer", "description": "documents matched (sentences, with kind)"},
                    "limit": {"type": "integer"}, "offset": {"type": "integer"},
                    "documents": {"type": "array", "items": {"type": "object", "properties": {
                        "id": {"type": "string"}, "score": {"type": "number"}, "title": {"type": ["string", "null"]}, "lang": {"type": ["string", "null"]},
                        "published": {"type": ["string", "null"]}, "snippet": {"oneOf": [{"$ref": "#/components/schemas/Snippet"}, {"type": "null"}]}}}},
                    "facts": {"type": "array", "items": {"type": "object", "properties": {
                        "doc_id": {"type": "string"}, "score": {"type": "number"}, "fact": {"type": "object"}, "sentence": {"$ref": "#/components/schemas/Snippet"}}}},
                    "facets": {"type": ["object", "null"], "description": "[value, count] pairs by year, lang, partner, entity", "properties": {
                        "year": {"type": "array"}, "lang": {"type": "array"}, "partner": {"type": "array"}, "entity": {"type": "array"}}}}}
            }
        }
    })
}
