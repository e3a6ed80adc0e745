//! Writing to the terminal without panicking. A reader that closes early (`| head`)
//! ends the command quietly with status 141, what a shell reports for a command stopped
//! by a closed pipe; `println!` would panic instead and lose the message.

use std::io::{ErrorKind, Write};

/// The status a command ends with when its reader has gone (128 + SIGPIPE, as shells say).
pub const BROKEN_PIPE: u8 = 141;

fn emit(mut w: impl Write, args: std::fmt::Arguments, is_stdout: bool) {
    match w.write_fmt(args).and_then(|()| w.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::BrokenPipe => std::process::exit(i32::from(BROKEN_PIPE)),
        Err(e) if is_stdout => {
            // The output is lost (a full disk, say): say so where we still can.
            let _ = writeln!(std::io::stderr(), "error: cannot write the output: {e}");
            std::process::exit(1)
        }
        // Standard error itself failed: there is nowhere left to say so.
        Err(_) => {}
    }
}

pub fn stdout(args: std::fmt::Arguments) {
    emit(std::io::stdout().lock(), args, true);
}

pub fn stderr(args: std::fmt::Arguments) {
    emit(std::io::stderr().lock(), args, false);
}

/// As `println!`, to standard output.
macro_rules! outln {
    () => { $crate::cli::output::stdout(format_args!("\n")) };
    ($($t:tt)*) => { $crate::cli::output::stdout(format_args!("{}\n", format_args!($($t)*))) };
}

/// As `eprint!`, to standard error.
macro_rules! err {
    ($($t:tt)*) => { $crate::cli::output::stderr(format_args!($($t)*)) };
}

/// As `eprintln!`, to standard error.
macro_rules! errln {
    ($($t:tt)*) => { $crate::cli::output::stderr(format_args!("{}\n", format_args!($($t)*))) };
}
