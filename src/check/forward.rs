//! Lowers a written `forward` statement to the model's forwarding method, checking that
//! tunnel options appear only with `tunnel` and fit its type (as ipvsadm 1.31 requires).

use super::range::in_range;
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::model::{Checksum, Forward, Tunnel};
use crate::syntax::ast::{self, Method, TunnelType};

pub fn lower_forward(written: &ast::Forward, diagnostics: &mut Vec<Diagnostic>) -> Option<Forward> {
    if written.method.value != Method::Tunnel {
        let options = [
            written.tunnel_type.as_ref().map(|t| t.span),
            written.tunnel_port.as_ref().map(|p| p.span),
            written.checksum.as_ref().map(|c| c.span),
        ];
        if let Some(first) = options.iter().flatten().next() {
            let method = if written.method.value == Method::Nat { "nat" } else { "dr" };
            diagnostics.push(
                Diagnostic::new(
                    Code::TunnelOptionsWithoutTunnel,
                    format!("tunnel options on `forward {method}`"),
                    Label::new(*first, "only a tunnel takes this"),
                    format!("write `forward tunnel …` to tunnel, or remove the tunnel options from `forward {method}`"),
                )
                .with_secondary(Label::new(written.method.span, "the method is not a tunnel")),
            );
            return None;
        }
        return Some(if written.method.value == Method::Nat { Forward::Nat } else { Forward::Dr });
    }
    let kind = written.tunnel_type.as_ref().map_or(TunnelType::Ipip, |t| t.value);
    let checksum = written.checksum.as_ref().map_or(Checksum::NoCsum, |c| match c.value {
        ast::Checksum::NoCsum => Checksum::NoCsum,
        ast::Checksum::Csum => Checksum::Csum,
        ast::Checksum::RemCsum => Checksum::RemCsum,
    });
    let invalid = |label_span, message: &str, help: &str| {
        Diagnostic::new(Code::InvalidTunnelOptions, message, Label::new(label_span, "not allowed here"), help)
    };
    let tunnel = match kind {
        TunnelType::Ipip => {
            if let Some(port) = &written.tunnel_port {
                diagnostics.push(invalid(
                    port.span,
                    "an ipip tunnel takes no port",
                    "only `gue` tunnels have a UDP port",
                ));
                return None;
            }
            if let Some(c) = &written.checksum {
                diagnostics.push(invalid(
                    c.span,
                    "an ipip tunnel takes no checksum option",
                    "checksum options are for `gue` and `gre` tunnels",
                ));
                return None;
            }
            Tunnel::Ipip
        }
        TunnelType::Gue => {
            let Some(port) = &written.tunnel_port else {
                let span = written.tunnel_type.as_ref().map_or(written.span, |t| t.span);
                diagnostics.push(Diagnostic::new(
                    Code::InvalidTunnelOptions,
                    "a gue tunnel needs a port",
                    Label::new(span, "no port given"),
                    "write `forward tunnel gue port 6080` with the UDP port the real servers decapsulate on \
                         (`ip fou add port 6080 gue`)",
                ));
                return None;
            };
            match in_range(port, "GUE port", 1, 65535, "the kernel refuses port 0") {
                Ok(p) => Tunnel::Gue { port: p as u16, checksum },
                Err(d) => {
                    diagnostics.push(d);
                    return None;
                }
            }
        }
        TunnelType::Gre => {
            if let Some(port) = &written.tunnel_port {
                diagnostics.push(invalid(
                    port.span,
                    "a gre tunnel takes no port",
                    "only `gue` tunnels have a UDP port",
                ));
                return None;
            }
            if let Some(c) = written.checksum.as_ref().filter(|c| c.value == ast::Checksum::RemCsum) {
                diagnostics.push(invalid(
                    c.span,
                    "a gre tunnel cannot use remote checksum offload",
                    "use `csum` or `nocsum` with gre; `remcsum` is for gue",
                ));
                return None;
            }
            Tunnel::Gre { checksum }
        }
    };
    Some(Forward::Tunnel { tunnel })
}
