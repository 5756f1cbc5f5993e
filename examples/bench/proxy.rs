//! A counting TCP proxy between a client and the server: the exact number of round trips and
//! of protocol commands a client makes, its own connections only (the global `Questions`
//! counter of a shared server also counts everybody else's queries).
//!
//! A *round trip* is the client sending something and the server answering it: counted each
//! time server-to-client bytes follow client-to-server bytes on one connection. The handshake
//! counts (login request -> OK); a trailing `COM_QUIT`, which gets no answer, does not. A
//! *command* is a client packet with sequence number 0 (`COM_QUERY`, `COM_STMT_PREPARE`,
//! `COM_STMT_EXECUTE`, ...), `COM_QUIT` excluded. A multi-statement query is one command and
//! one round trip however many statements it holds.
//!
//! The direction flag is set before the bytes are forwarded, so an answer can never be seen
//! before the request that caused it.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub connections: u64,
    pub round_trips: u64,
    pub commands: u64,
}

#[derive(Default)]
struct Link {
    /// Who sent last: 0 nobody, 1 client, 2 server.
    last: u8,
    round_trips: u64,
}

pub struct Proxy {
    pub port: u16,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<Vec<JoinHandle<Counts>>>>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards every connection to `upstream`.
    pub fn start(upstream: (String, u16)) -> std::io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let accept = std::thread::spawn(move || {
            let mut links = Vec::new();
            for client in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect((upstream.0.as_str(), upstream.1)) else { continue };
                links.push(std::thread::spawn(move || relay(client, server)));
            }
            links
        });
        Ok(Proxy { port, stop, accept: Some(accept) })
    }

    /// Stops accepting, waits for every connection to close, returns the totals.
    pub fn finish(mut self) -> Counts {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port)); // wakes the accept loop
        let links = self.accept.take().map(|a| a.join().unwrap_or_default()).unwrap_or_default();
        let mut total = Counts::default();
        for link in links {
            let counts = link.join().unwrap_or_default();
            total.connections += counts.connections;
            total.round_trips += counts.round_trips;
            total.commands += counts.commands;
        }
        total
    }
}

fn relay(client: TcpStream, server: TcpStream) -> Counts {
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let link = Arc::new(Mutex::new(Link::default()));
    let (c2, s2, link2) = (client.try_clone(), server.try_clone(), link.clone());
    let (Ok(client_read), Ok(server_write)) = (c2, s2) else { return Counts::default() };
    let upstream = std::thread::spawn(move || {
        let mut parser = Commands::default();
        pump(client_read, server_write, |bytes| {
            parser.feed(bytes);
            link2.lock().unwrap().last = 1;
        });
        parser.commands
    });
    pump(server, client, |_| {
        let mut l = link.lock().unwrap();
        if l.last == 1 {
            l.round_trips += 1;
        }
        l.last = 2;
    });
    let commands = upstream.join().unwrap_or(0);
    let round_trips = link.lock().unwrap().round_trips;
    Counts { connections: 1, round_trips, commands }
}

/// Copies `from` to `to` until EOF, calling `seen` on each chunk before forwarding it.
fn pump(mut from: TcpStream, mut to: TcpStream, mut seen: impl FnMut(&[u8])) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                seen(&buf[..n]);
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

/// Splits the client's byte stream into protocol packets and counts commands.
#[derive(Default)]
struct Commands {
    pending: Vec<u8>,
    commands: u64,
}

impl Commands {
    fn feed(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        loop {
            if self.pending.len() < 4 {
                return;
            }
            let len =
                usize::from(self.pending[0]) | usize::from(self.pending[1]) << 8 | usize::from(self.pending[2]) << 16;
            if self.pending.len() < 4 + len {
                return;
            }
            let (seq, first) = (self.pending[3], self.pending.get(4).copied());
            if seq == 0 && first != Some(0x01) {
                self.commands += 1;
            }
            self.pending.drain(..4 + len);
        }
    }
}
