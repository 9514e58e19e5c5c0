import ArgumentParser

/// Where the inputs are: `--templates` and `--recipients`.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The templates folder.", valueName: "DIR"))
    var templates: String = "Templates"

    @Option(name: .long, help: ArgumentHelp("A recipient CSV file, or a folder of them.", valueName: "PATH"))
    var recipients: String = "Recipients"
}
