//! Lowers a written `forward` statement to the model's forwarding method, checking that
//! tunnel options appear only with `tunnel` and fit its type (as ipvsadm 1.31 requires).

use super::range::in_range;
use crate::diagnostic::{Diagnostic, Label, Problem, TunnelOption};
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
                Problem::TunnelOptionsWithoutTunnel { method }
                    .at(*first)
                    .with_secondary(Label::new(written.method.span, "the method is not a tunnel")),
            );
            return None;
        }
        return Some(if written.method.value == Method::Nat { Forward::Nat } else { Forward::Dr });
    }
    let kind = written.tunnel_type.as_ref().map_or(TunnelType::Ipip, |t| t.value);
    let checksum = written.checksum.as_ref().map_or(Checksum::NoCsum, |c| c.value);
    let invalid = |span, tunnel, option| Problem::TunnelOptionNotAllowed { tunnel, option }.at(span);
    let tunnel = match kind {
        TunnelType::Ipip => {
            if let Some(port) = &written.tunnel_port {
                diagnostics.push(invalid(port.span, "ipip", TunnelOption::Port));
                return None;
            }
            if let Some(c) = &written.checksum {
                diagnostics.push(invalid(c.span, "ipip", TunnelOption::Checksum));
                return None;
            }
            Tunnel::Ipip
        }
        TunnelType::Gue => {
            let Some(port) = &written.tunnel_port else {
                let span = written.tunnel_type.as_ref().map_or(written.span, |t| t.span);
                diagnostics.push(Problem::GueWithoutPort.at(span));
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
                diagnostics.push(invalid(port.span, "gre", TunnelOption::Port));
                return None;
            }
            if let Some(c) = written.checksum.as_ref().filter(|c| c.value == Checksum::RemCsum) {
                diagnostics.push(invalid(c.span, "gre", TunnelOption::RemoteChecksum));
                return None;
            }
            Tunnel::Gre { checksum }
        }
    };
    Some(Forward::Tunnel { tunnel })
}
