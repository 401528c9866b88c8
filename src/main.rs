//! The `strike-impact` command. Everything it does lives in the library's command-line module.

fn main() -> std::process::ExitCode {
    release_large_buffers();
    strike_impact::cli::main()
}

/// Large buffers (a file read whole, the strikes of a large table) are given back to the
/// system when freed: glibc otherwise raises its threshold for mapping them to the largest
/// freed so far (a 70 MB file) and keeps every later one in its heap, so the process grows
/// by what it has already freed. The heap itself grows in steps of 16 MiB and keeps up to
/// 64 MiB it has freed, rather than giving pages back and faulting them in again block
/// after block.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_large_buffers() {
    // SAFETY: mallopt only sets parameters of the allocator; it is called before any
    // thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 64 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_large_buffers() {}
