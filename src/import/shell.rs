//! The ipvsadm commands of a shell script, as the shell would run them: what operators
//! keep when they have no `ipvsadm-save` (a `/etc/rc.d/lvs` of `ipvsadm -A …` lines beside
//! `echo`, `modprobe` and `sysctl`). Plain variable assignments are resolved
//! (`VIP=10.0.0.1`, then `ipvsadm -A -t $VIP:80`), line continuations joined, comments,
//! quotes and redirections dropped, and commands split at `;`, `&&` and `||`.
//!
//! A script that computes its commands cannot be read without running it: an ipvsadm
//! command inside a loop, a condition or a function, or built by command substitution,
//! is refused with one clear error that says to import `ipvsadm-save -n` from the host.

use std::collections::HashMap;

/// A word of a command after substitution, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellWord {
    pub text: String,
    pub start: usize,
    pub len: usize,
}

/// Why a script cannot be read as a list of ipvsadm commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellError {
    pub start: usize,
    pub len: usize,
    pub message: String,
    pub help: &'static str,
}

/// The ipvsadm commands of a script (their arguments, after `ipvsadm`), in order, and the
/// 1-based lines of the other commands it left out.
#[derive(Debug, Default)]
pub struct Script {
    pub commands: Vec<Vec<ShellWord>>,
    pub skipped_lines: Vec<usize>,
}

const COMPUTED: &str = "lvsc reads ipvsadm commands as they are written; for a script that computes them, \
                        run it on the host and import `ipvsadm-save -n` from there";

/// Whether `text` is a shell script of ipvsadm commands (it runs `ipvsadm` somewhere), as
/// opposed to `ipvsadm-save` text.
pub fn is_script(text: &str) -> bool {
    text.lines().any(|line| {
        let code = line.split('#').next().unwrap_or("");
        code.split(|c: char| c.is_whitespace() || c == ';' || c == '&' || c == '|').any(is_ipvsadm)
    })
}

fn is_ipvsadm(word: &str) -> bool {
    word == "ipvsadm" || word.ends_with("/ipvsadm")
}

/// What a block around a command is, for the refusal.
#[derive(Debug, Clone, Copy)]
enum Block {
    Loop,
    Condition,
    Function,
}

pub fn read(text: &str) -> Result<Script, Vec<ShellError>> {
    let mut script = Script::default();
    let mut errors = Vec::new();
    let mut variables: HashMap<String, Option<String>> = HashMap::new();
    let mut blocks: Vec<Block> = Vec::new();
    for (line_number, tokens) in logical_lines(text) {
        for command in tokens.split(|t| matches!(t.text.as_str(), ";" | "&&" | "||" | "|" | "&")) {
            let mut words: Vec<&ShellWord> = command.iter().collect();
            // Leading assignments (`export` and `readonly` too) set variables.
            if words.first().is_some_and(|w| matches!(w.text.as_str(), "export" | "readonly" | "local")) {
                words.remove(0);
            }
            while let Some((name, value)) = words.first().and_then(|w| assignment(&w.text)) {
                let computed = value.contains("$(") || value.contains('`');
                let resolved = if computed { None } else { substitute(value, &variables).ok() };
                variables.insert(name.to_string(), resolved);
                words.remove(0);
            }
            let Some(first) = words.first() else { continue };
            match first.text.as_str() {
                "for" | "while" | "until" | "select" => {
                    blocks.push(Block::Loop);
                    continue;
                }
                "if" | "case" => {
                    blocks.push(Block::Condition);
                    continue;
                }
                "done" | "fi" | "esac" | "}" => {
                    blocks.pop();
                    continue;
                }
                "do" | "then" | "else" | "elif" | "{" => {
                    words.remove(0);
                }
                name if name.ends_with("()") || words.get(1).is_some_and(|w| w.text == "()") => {
                    blocks.push(Block::Function);
                    continue;
                }
                _ => {}
            }
            let Some(first) = words.first() else { continue };
            let program = substitute(&first.text, &variables).unwrap_or_default();
            if !is_ipvsadm(&program) {
                // Shell plumbing changes nothing a reader of the import needs to know.
                let plumbing = matches!(program.as_str(), "true" | "false" | ":" | "set" | "exit" | "return");
                if !plumbing && script.skipped_lines.last() != Some(&line_number) {
                    script.skipped_lines.push(line_number);
                }
                continue;
            }
            if let Some(block) = blocks.last() {
                let within = match block {
                    Block::Loop => "a loop",
                    Block::Condition => "a condition",
                    Block::Function => "a function",
                };
                errors.push(error(first, format!("an ipvsadm command inside {within}"), COMPUTED));
                continue;
            }
            match arguments(&words[1..], &variables) {
                Ok(arguments) => script.commands.push(arguments),
                Err(e) => errors.push(e),
            }
        }
    }
    if errors.is_empty() {
        Ok(script)
    } else {
        Err(errors)
    }
}

fn error(word: &ShellWord, message: String, help: &'static str) -> ShellError {
    ShellError { start: word.start, len: word.len, message, help }
}

/// The arguments of an ipvsadm command, variables substituted and redirections dropped.
fn arguments(words: &[&ShellWord], variables: &HashMap<String, Option<String>>) -> Result<Vec<ShellWord>, ShellError> {
    let mut out = Vec::new();
    let mut skip_next = false;
    for word in words {
        if skip_next {
            skip_next = false;
            continue;
        }
        let text = word.text.as_str();
        if let Some(rest) = text.trim_start_matches(['0', '1', '2', '&']).strip_prefix(['>', '<']) {
            // `>/dev/null`, `2>&1`; a bare `>` takes the next word.
            skip_next = rest.trim_start_matches('>').is_empty() && !text.ends_with("&1");
            continue;
        }
        if text.contains("$(") || text.contains('`') {
            return Err(error(word, "a command substitution".into(), COMPUTED));
        }
        match substitute(text, variables) {
            Ok(text) => out.push(ShellWord { text, start: word.start, len: word.len }),
            Err(name) => {
                let message = format!("`${name}` is not assigned a plain value in this script");
                return Err(error(word, message, COMPUTED));
            }
        }
    }
    Ok(out)
}

/// `NAME=value` as (name, value).
fn assignment(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once('=')?;
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    valid.then_some((name, value))
}

/// `$NAME` and `${NAME}` replaced by their values; the name of the first unknown one.
fn substitute(text: &str, variables: &HashMap<String, Option<String>>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, tail) = if let Some(braced) = after.strip_prefix('{') {
            match braced.split_once('}') {
                Some((name, tail)) => (name, tail),
                None => return Err(braced.to_string()),
            }
        } else {
            let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        if name.is_empty() {
            out.push('$');
            rest = after;
            continue;
        }
        match variables.get(name) {
            Some(Some(value)) => out.push_str(value),
            _ => return Err(name.to_string()),
        }
        rest = tail;
    }
    out.push_str(rest);
    Ok(out)
}

/// The file's logical lines (continuations joined), each as words with their places and
/// its first physical line's number; comments and quotes removed, separators as words.
fn logical_lines(text: &str) -> Vec<(usize, Vec<ShellWord>)> {
    let mut lines = Vec::new();
    let mut current: Vec<ShellWord> = Vec::new();
    let mut first_line = 1;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if current.is_empty() {
            first_line = index + 1;
        }
        let body = line.trim_end_matches(['\n', '\r']);
        let continued = body.ends_with('\\');
        let body = if continued { &body[..body.len() - 1] } else { body };
        current.extend(words(body, offset));
        offset += line.len();
        if !continued {
            lines.push((first_line, std::mem::take(&mut current)));
        }
    }
    if !current.is_empty() {
        lines.push((first_line, current));
    }
    lines
}

fn words(line: &str, offset: usize) -> Vec<ShellWord> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '#' {
            break;
        }
        if matches!(c, ';' | '&' | '|') {
            chars.next();
            let doubled = chars.peek().is_some_and(|&(_, d)| d == c && c != ';');
            if doubled {
                chars.next();
            }
            let text = if doubled { format!("{c}{c}") } else { c.to_string() };
            out.push(ShellWord { len: text.len(), text, start: offset + start });
            continue;
        }
        let mut text = String::new();
        let mut end = start;
        let mut quote: Option<char> = None;
        while let Some(&(i, d)) = chars.peek() {
            match quote {
                Some(q) if d == q => quote = None,
                Some(_) => text.push(d),
                None if d == '"' || d == '\'' => quote = Some(d),
                None if d.is_whitespace() || matches!(d, ';' | '|') => break,
                // `&` ends a word unless it is part of a redirection (`2>&1`).
                None if d == '&' && !text.ends_with('>') => break,
                None => text.push(d),
            }
            end = i + d.len_utf8();
            chars.next();
        }
        out.push(ShellWord { text, start: offset + start, len: end - start });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(script: &Script) -> Vec<String> {
        script.commands.iter().map(|c| c.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")).collect()
    }

    #[test]
    fn commands_come_out_with_variables_resolved_and_the_rest_left_out() {
        let text = "#!/bin/sh\nVIP=10.0.0.1\nexport PORT=\"80\"\nmodprobe ip_vs\n/sbin/ipvsadm -C\n\
                    ipvsadm -A -t $VIP:${PORT} -s rr; ipvsadm -a -t $VIP:$PORT \\\n  -r 10.0.0.2 -g >/dev/null 2>&1 || true\n";
        let script = read(text).expect("reads");
        assert_eq!(texts(&script), ["-C", "-A -t 10.0.0.1:80 -s rr", "-a -t 10.0.0.1:80 -r 10.0.0.2 -g"]);
        assert_eq!(script.skipped_lines, [4]);
    }

    #[test]
    fn a_loop_or_a_command_substitution_is_refused() {
        let looped = read("for rs in 1 2; do\n  ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.$rs\ndone\n").expect_err("refused");
        assert_eq!(looped[0].message, "an ipvsadm command inside a loop");
        let computed = read("VIP=$(hostname -i)\nipvsadm -A -t $VIP:80\n").expect_err("refused");
        assert!(computed[0].message.contains("`$VIP` is not assigned a plain value"), "{computed:?}");
        let inline = read("ipvsadm -A -t `hostname -i`:80\n").expect_err("refused");
        assert_eq!(inline[0].message, "a command substitution");
    }

    #[test]
    fn a_save_is_not_a_script() {
        assert!(!is_script("-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.2:80 -g -w 1\n"));
        assert!(is_script("# setup\n/usr/sbin/ipvsadm -A -t 10.0.0.1:80\n"));
    }
}
