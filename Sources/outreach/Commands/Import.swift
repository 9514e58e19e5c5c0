import ArgumentParser

extension Outreach {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Make recipient lists: from a spreadsheet of your own, or from public data.",
            discussion:
                "csv FILE reads a spreadsheet as Excel, Google Sheets, LibreOffice, Mailchimp or Action Network export it, for any role, into your recipients folder, which 'draft' reads beside the shipped lists. openstates, congress-legislators and zccd rebuild the shipped lists from local copies of their public sources (see Recipients/README.md).",
            subcommands: [ImportCSV.self, ImportOpenStates.self, ImportCongressLegislators.self, ImportZCCD.self])
    }
}
