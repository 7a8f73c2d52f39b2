//! Diagnostics as one SARIF 2.1.0 log, for code-scanning uploads. Every code lvsc has is
//! listed as a rule of the tool, so results refer to rules by id and index.

use super::location::{places, Place};
use super::{Code, Diagnostic, Severity};
use crate::source::SourceMap;
use serde_json::{json, Value};

pub fn render_sarif(diagnostics: &[Diagnostic], sources: &SourceMap, deny_warnings: bool) -> String {
    let rules: Vec<Value> = Code::all()
        .map(|c| {
            json!({
                "id": c.id(),
                "name": c.name(),
                "shortDescription": { "text": c.summary() },
                "fullDescription": { "text": c.explanation() },
                "help": { "text": format!("lvsc explain {}", c.id()) },
                "defaultConfiguration": { "level": level(c.severity()) },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let (primary, related) = places(d, sources);
            let severity = if deny_warnings { Severity::Error } else { d.severity() };
            json!({
                "ruleId": d.code.id(),
                "ruleIndex": Code::all().position(|c| c == d.code).unwrap_or(0),
                "level": level(severity),
                "message": { "text": format!("{}\nhelp: {}", d.message, d.help) },
                "locations": [location(&primary, None)],
                "relatedLocations": related.iter().enumerate().map(|(i, p)| location(p, Some(i))).collect::<Vec<_>>(),
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "lvsc",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/lvsc/lvsc",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn location(p: &Place, id: Option<usize>) -> Value {
    let mut value = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": p.file },
            "region": { "startLine": p.line, "startColumn": p.column, "endLine": p.end_line, "endColumn": p.end_column },
        },
        "message": { "text": p.text },
    });
    if let Some(id) = id {
        value["id"] = json!(id);
    }
    value
}
