fn main() -> std::process::ExitCode {
    congress_of_victors::cli::main()
}
