use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh folder to run the binary in.
pub struct Workdir {
    dir: tempfile::TempDir,
}

/// The result of one run, printable in full when a check fails.
pub struct Run {
    pub cmd: String,
    pub dir: PathBuf,
    pub out: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
    pub fn code(&self) -> Option<i32> {
        self.out.status.code()
    }
    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> String {
        assert!(self.out.status.success(), "expected success\n{self}");
        self.stdout()
    }
    /// Asserts exit code 2 (bad input) and that stderr holds every one of `needles`.
    #[track_caller]
    pub fn input_error(&self, needles: &[&str]) -> String {
        assert_eq!(self.code(), Some(2), "expected exit code 2\n{self}");
        let err = self.stderr();
        for n in needles {
            assert!(err.contains(n), "stderr lacks {n:?}\n{self}");
        }
        err
    }
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "command: {}\nfolder: {}\nstatus: {}\n--- stdout\n{}\n--- stderr\n{}",
            self.cmd,
            self.dir.display(),
            self.out.status,
            self.stdout(),
            self.stderr()
        )
    }
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (text or bytes) into the folder.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// Runs the binary with `args` in this folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// Runs `sensitivity --method tornado` of `group`'s truce gain into `out`, its table as
    /// `format`, and checks that it succeeded.
    pub fn tornado(&self, group: &str, out: &str, format: &str) {
        self.run(&[
            "sensitivity",
            "--group",
            group,
            "--method",
            "tornado",
            "--out",
            out,
            "--format",
            format,
        ])
        .ok();
    }

    /// Runs the binary with `args` and the environment variables `env` in this folder.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_strike-impact"));
        cmd.envs(env.iter().copied());
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1");
        let out = cmd.output().expect("run strike-impact");
        Run {
            cmd: format!("strike-impact {}", args.join(" ")),
            dir: self.dir.path().to_owned(),
            out,
        }
    }
}

/// A small, valid dataset: three assets (national 100 Mt/yr), a few strikes, prices.
pub const ASSETS: &str = "asset_id,name,capacity_mtpa,utilization,lat,lon
alpha,Alpha refinery,50,0.8,55.0,40.0
beta,Beta refinery,30,,50.0,45.0
gamma,Gamma refinery,20,0.5,60.0,60.0
";
pub const STRIKES: &str =
    "strike_id,date,asset_id,disabled_mtpa,disabled_share,repair_days,restart_date
s1,2025-01-01,alpha,25,,10,
s2,2025-01-05,beta,,1,,2025-01-08
s3,2025-02-01,gamma,10,0.5,5,2025-02-06
";
pub const PRICES: &str = "date,product_usd_t,crude_usd_t
2025-01-01,600,400
2025-02-01,500,350
";

impl Workdir {
    /// A folder holding the small valid dataset as assets.csv, strikes.csv, prices.csv.
    pub fn with_fixture() -> Self {
        let w = Workdir::new();
        w.write("assets.csv", ASSETS);
        w.write("strikes.csv", STRIKES);
        w.write("prices.csv", PRICES);
        w
    }
}

/// The data flags for the fixture files.
pub const FIXTURE_FLAGS: [&str; 6] = [
    "--assets",
    "assets.csv",
    "--strikes",
    "strikes.csv",
    "--prices",
    "prices.csv",
];

/// Parses a command's output as JSON, printing it when it is not. The output of one group
/// is that group's object: `history --json`'s `{"groups": [x]}` gives `x`, and a
/// `project --json` array whose rows are all of one group is returned as it is (the shape
/// itself is tested in test_units, item 12).
pub fn json(out: &str) -> serde_json::Value {
    let v: serde_json::Value =
        serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"));
    match v.get("groups").and_then(|g| g.as_array()) {
        Some(groups) if groups.len() == 1 && v.as_object().is_some_and(|o| o.len() == 1) => {
            groups[0].clone()
        }
        _ => v,
    }
}
