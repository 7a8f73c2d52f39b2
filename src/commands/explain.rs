//! `lvsc explain [CODE]`: what a diagnostic means; without a code, the list of codes.

use super::Outcome;
use crate::diagnostic::Code;

pub fn run(code: Option<&str>) -> Outcome {
    let Some(text) = code else {
        for code in Code::ALL {
            println!("{}  {:<32} {}", code.id(), code.name(), code.summary());
        }
        return Outcome::Success;
    };
    match Code::lookup(text) {
        Some(code) => {
            println!(
                "{} {} ({}): {}\n\n{}",
                code.id(),
                code.name(),
                severity(code),
                code.summary(),
                code.explanation().trim_end()
            );
            Outcome::Success
        }
        None => Outcome::Failed(format!("no diagnostic code `{text}`; `lvsc explain` lists them")),
    }
}

fn severity(code: Code) -> &'static str {
    match code.severity() {
        crate::diagnostic::Severity::Error => "error",
        crate::diagnostic::Severity::Warning => "warning",
    }
}
