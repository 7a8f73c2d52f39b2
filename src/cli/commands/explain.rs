//! `lvsc explain [CODE]`: what a diagnostic means; without a code, the list of codes.

use super::Outcome;
use lvsc::diagnostic::Code;

pub fn run(code: Option<&str>) -> Outcome {
    let Some(text) = code else {
        let list: String = Code::all().map(|c| format!("{}  {:<32} {}\n", c.id(), c.name(), c.summary())).collect();
        return finish(&list);
    };
    match Code::lookup(text) {
        Some(code) => finish(&format!(
            "{} {} ({}): {}\n\n{}\n",
            code.id(),
            code.name(),
            severity(code),
            code.summary(),
            code.explanation().trim_end()
        )),
        None => {
            let closest = Code::all()
                .map(|c| {
                    (strsim::levenshtein(text, c.name()).min(strsim::levenshtein(&text.to_uppercase(), c.id())), c)
                })
                .min_by_key(|(distance, _)| *distance)
                .filter(|(distance, _)| *distance <= 3);
            let hint = closest.map_or(String::new(), |(_, c)| format!("did you mean `{}` ({})? ", c.name(), c.id()));
            Outcome::Failed(format!("no diagnostic code `{text}`; {hint}`lvsc explain` lists them"))
        }
    }
}

fn severity(code: Code) -> &'static str {
    match code.severity() {
        lvsc::diagnostic::Severity::Error => "error",
        lvsc::diagnostic::Severity::Warning => "warning",
    }
}

fn finish(text: &str) -> Outcome {
    match super::output::write_output(None, text) {
        Ok(()) => Outcome::Success,
        Err(message) => Outcome::Failed(message),
    }
}
