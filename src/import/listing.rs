//! `ipvsadm -L -n` output, as operators paste it, read as the ipvsadm commands that build
//! the same table, so that the ipvsadm reader checks it like any other input.
//!
//! The listing says less than `ipvsadm-save -n`: the plain form has no thresholds and
//! names every tunnel `Tunnel` (its type is in `--tun-info`); `--stats` and `--rate` have
//! no scheduler, method or weight; `--thresholds` and `--persistent-conn` have no method.
//! What a form leaves out is taken as ipvsadm's default and said in a note: never a
//! silent guess.

/// One command: its words, and the line of the listing it comes from (byte range).
pub struct ListedCommand {
    pub words: Vec<String>,
    pub start: usize,
    pub len: usize,
}

/// The commands a listing stands for, and what it could not say.
pub struct Listing {
    pub commands: Vec<ListedCommand>,
    pub notes: Vec<String>,
}

/// Why a listing line cannot be read.
pub struct ListingError {
    pub start: usize,
    pub len: usize,
    pub message: String,
}

/// Whether `text` is `ipvsadm -L -n` output.
pub fn is_listing(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .any(|l| l.starts_with("IP Virtual Server version") || l.starts_with("Prot LocalAddress"))
}

/// Which columns the listing has, from its heading.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `Forward Weight ActiveConn InActConn`.
    Plain,
    /// `--tun-info`: `Forward TunnelInfo Weight …`.
    TunnelInfo,
    /// `--thresholds`: `Uthreshold Lthreshold …`.
    Thresholds,
    /// `--persistent-conn`: `Weight PersistConn …`.
    PersistentConn,
    /// `--stats` or `--rate`: counters only.
    Counters,
}

pub fn read(text: &str) -> Result<Listing, Vec<ListingError>> {
    let mut form = Form::Plain;
    let mut commands = Vec::new();
    let mut errors = Vec::new();
    let mut service: Option<Vec<String>> = None;
    let mut saw_tunnel = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let (start, len) = (offset, line.trim_end().len());
        offset += line.len();
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(&first) = words.first() else { continue };
        let error = |message: String| ListingError { start, len, message };
        if line.contains("LocalAddress:Port") {
            form = if line.contains("Conns") || line.contains("CPS") {
                Form::Counters
            } else if line.contains("Uthreshold") {
                Form::Thresholds
            } else if line.contains("PersistConn") {
                Form::PersistentConn
            } else {
                Form::Plain
            };
            continue;
        }
        if line.contains("RemoteAddress:Port") {
            if line.contains("TunnelInfo") {
                form = Form::TunnelInfo;
            }
            continue;
        }
        if first == "IP" {
            continue;
        }
        if first == "->" {
            let Some(spec) = &service else {
                errors.push(error("a real server before any service".into()));
                continue;
            };
            match server(spec, &words[1..], form) {
                Ok((command, tunnel)) => {
                    saw_tunnel |= tunnel;
                    commands.push(ListedCommand { words: command, start, len });
                }
                Err(message) => errors.push(error(message)),
            }
            continue;
        }
        match service_line(&words, form) {
            Ok((spec, command)) => {
                service = Some(spec);
                commands.push(ListedCommand { words: command, start, len });
            }
            Err(message) => errors.push(error(message)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut notes = Vec::new();
    let save = "import `ipvsadm-save -n` for every setting";
    match form {
        Form::Counters => notes.push(format!(
            "an `ipvsadm -L -n --stats` or `--rate` listing has no schedulers, methods or weights: taken as \
             ipvsadm's defaults (wlc, direct routing, weight 1); {save}"
        )),
        Form::Thresholds | Form::PersistentConn => notes.push(format!(
            "this listing has no forwarding methods: taken as direct routing, ipvsadm's default; {save}"
        )),
        Form::Plain if saw_tunnel => notes.push(format!(
            "`ipvsadm -L -n` names every tunnel `Tunnel`: taken as ipip (`--tun-info` shows the type); {save}"
        )),
        _ => {}
    }
    if !matches!(form, Form::Thresholds) && !commands.is_empty() {
        notes.push("`ipvsadm -L -n` has no connection thresholds: none imported".into());
    }
    Ok(Listing { commands, notes })
}

/// `TCP 10.0.0.1:80 wrr (sh-port) persistent 300 mask 255.255.255.0 pe sip ops` or
/// `FWM 7 IPv6 mh …`: the service's identifying options, and its `-A` command.
fn service_line(words: &[&str], form: Form) -> Result<(Vec<String>, Vec<String>), String> {
    let (spec, rest): (Vec<String>, &[&str]) = match words {
        ["TCP", address, rest @ ..] => (vec!["-t".into(), (*address).into()], rest),
        ["UDP", address, rest @ ..] => (vec!["-u".into(), (*address).into()], rest),
        ["SCTP", address, rest @ ..] => (vec!["--sctp-service".into(), (*address).into()], rest),
        ["FWM", mark, "IPv6", rest @ ..] => (vec!["-f".into(), (*mark).into(), "-6".into()], rest),
        ["FWM", mark, rest @ ..] => (vec!["-f".into(), (*mark).into()], rest),
        _ => return Err(format!("`{}` is not a line of `ipvsadm -L -n`", words.join(" "))),
    };
    let mut command: Vec<String> = std::iter::once("-A".to_string()).chain(spec.iter().cloned()).collect();
    if form == Form::Counters {
        return Ok((spec, command));
    }
    let mut rest = rest.iter();
    if let Some(scheduler) = rest.next() {
        command.extend(["-s".to_string(), (*scheduler).to_string()]);
    }
    while let Some(word) = rest.next() {
        let mut value = |option: &str, command: &mut Vec<String>| match rest.next() {
            Some(v) => {
                command.extend([option.to_string(), (*v).to_string()]);
                Ok(())
            }
            None => Err(format!("`{word}` without its value")),
        };
        match *word {
            "persistent" => value("-p", &mut command)?,
            "mask" => value("-M", &mut command)?,
            "pe" => value("--pe", &mut command)?,
            "ops" => command.push("-o".into()),
            flags if flags.starts_with('(') => {
                command.extend(["-b".to_string(), flags.trim_matches(['(', ')']).to_string()]);
            }
            other => return Err(format!("`{other}` is not a service flag of `ipvsadm -L -n`")),
        }
    }
    Ok((spec, command))
}

/// `-> 10.0.1.1:8080 Masq 3 0 0` (in the listing's form): the `-a` command, and whether
/// its method is a tunnel whose type the listing does not give.
fn server(spec: &[String], words: &[&str], form: Form) -> Result<(Vec<String>, bool), String> {
    let Some(address) = words.first() else { return Err("`->` without a real server".into()) };
    let mut command: Vec<String> = std::iter::once("-a".to_string()).chain(spec.iter().cloned()).collect();
    command.extend(["-r".to_string(), (*address).to_string()]);
    let column = |i: usize| words.get(i).copied().ok_or_else(|| format!("a column is missing after `{address}`"));
    let method = |name: &str| -> Result<&'static str, String> {
        match name {
            "Masq" => Ok("-m"),
            "Route" | "Local" => Ok("-g"),
            "Tunnel" => Ok("-i"),
            other => Err(format!("`{other}` is not a forwarding method of `ipvsadm -L -n`")),
        }
    };
    let mut unknown_tunnel = false;
    match form {
        Form::Plain => {
            let m = method(column(1)?)?;
            unknown_tunnel = m == "-i";
            command.extend([m.to_string(), "-w".to_string(), column(2)?.to_string()]);
        }
        Form::TunnelInfo => {
            let m = method(column(1)?)?;
            command.extend([m.to_string(), "-w".to_string(), column(3)?.to_string()]);
            command.extend(tunnel_options(column(2)?)?);
        }
        Form::Thresholds => {
            command.extend(["-x".to_string(), column(1)?.to_string(), "-y".to_string(), column(2)?.to_string()]);
        }
        Form::PersistentConn => command.extend(["-w".to_string(), column(1)?.to_string()]),
        Form::Counters => {}
    }
    Ok((command, unknown_tunnel))
}

/// `--tun-info`'s `n/a`, `ipip`, `gue:6080:+c`, `gre:-c` as the options that say them.
fn tunnel_options(info: &str) -> Result<Vec<String>, String> {
    let mut parts = info.split(':');
    let kind = parts.next().unwrap_or("");
    let mut options = match kind {
        "n/a" => return Ok(Vec::new()),
        "ipip" => vec!["--tun-type".to_string(), "ipip".to_string()],
        "gue" => {
            let port = parts.next().ok_or_else(|| format!("`{info}` has no GUE port"))?;
            vec!["--tun-type".into(), "gue".into(), "--tun-port".into(), port.to_string()]
        }
        "gre" => vec!["--tun-type".to_string(), "gre".to_string()],
        other => return Err(format!("`{other}` is not a tunnel type")),
    };
    for flag in parts {
        options.push(
            match flag {
                "+c" => "--tun-csum",
                "-c" => "--tun-nocsum",
                "+r" => "--tun-remcsum",
                other => return Err(format!("`{other}` is not a tunnel checksum flag")),
            }
            .to_string(),
        );
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands(text: &str) -> Vec<String> {
        read(text).map(|l| l.commands.iter().map(|c| c.words.join(" ")).collect()).unwrap_or_default()
    }

    #[test]
    fn the_plain_listing_reads_as_the_save_would() {
        let text = "IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  \
                    -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n\
                    TCP  10.0.0.1:80 wrr persistent 300 mask 255.255.255.0\n  \
                    -> 10.0.1.1:8080                Masq    3      0          0\n\
                    FWM  7 IPv6 mh (mh-port) persistent 100\n  \
                    -> [2001:db8::5]:80             Tunnel  2      0          0\n";
        assert_eq!(
            commands(text),
            [
                "-A -t 10.0.0.1:80 -s wrr -p 300 -M 255.255.255.0",
                "-a -t 10.0.0.1:80 -r 10.0.1.1:8080 -m -w 3",
                "-A -f 7 -6 -s mh -b mh-port -p 100",
                "-a -f 7 -6 -r [2001:db8::5]:80 -i -w 2",
            ]
        );
    }

    #[test]
    fn tunnel_info_gives_the_tunnel_type() {
        assert_eq!(
            tunnel_options("gue:6080:+c").expect("reads"),
            ["--tun-type", "gue", "--tun-port", "6080", "--tun-csum"]
        );
        assert!(tunnel_options("n/a").expect("reads").is_empty());
    }
}
