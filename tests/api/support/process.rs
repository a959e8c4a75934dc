//! The real `latch` binary as a child process, for tests about processes: several instances,
//! signals, `kill -9`. The chaos tests include this file too.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A `latch` process, killed when dropped.
pub struct LatchProcess {
    pub child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl LatchProcess {
    /// Starts the binary on a free port with exactly `vars` in its environment (and
    /// `LATCH_ADDR`, `PUBLIC_URL` and `RUST_LOG=warn`, unless given), and returns once it prints
    /// its `listening on` line. Its output is drained in the background, so it never blocks on
    /// a full pipe.
    pub fn start(vars: &[(&str, String)]) -> LatchProcess {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
            listener.local_addr().expect("an address").port()
        };
        let base = format!("http://127.0.0.1:{port}");
        let mut command = Command::new(env!("CARGO_BIN_EXE_latch"));
        command
            .env_clear()
            .env("LATCH_ADDR", format!("127.0.0.1:{port}"))
            .env("PUBLIC_URL", &base)
            .env("RUST_LOG", "warn");
        for (name, value) in vars {
            command.env(name, value);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("latch starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        loop {
            match lines.next() {
                Some(Ok(line)) if line.starts_with("listening on") => break,
                Some(_) => continue,
                None => panic!("latch exited before listening"),
            }
        }
        std::thread::spawn(move || lines.for_each(drop));
        LatchProcess { child, base }
    }

    /// SIGKILL: no drain, nothing flushed.
    pub fn kill_9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for LatchProcess {
    fn drop(&mut self) {
        self.kill_9();
    }
}
