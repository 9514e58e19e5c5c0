/// Matches a spreadsheet's column headers with the columns of a recipient list, as people write
/// them: without regard to case, surrounding spaces or punctuation (`First Name`, `first_name`,
/// `FIRST-NAME` are one header), and by the common spellings of each (`Given Name`, `Surname`,
/// `E-mail`, `Email Address`, `Town`, `ST`, `Zip Code`, `Position`, `Web Form`, and the names
/// Mailchimp and Action Network export under: `Email Address`, `can2_state_abbreviated`, ...).
///
/// A header that matches no column keeps a name of its own, normalized (`Ward #` → `ward`), so a
/// template can use it (`{{recipient.ward}}`).
public enum HeaderMatcher {
    /// The extra columns the import fills besides `RecipientColumn.required`: the ZIP code, which
    /// goes into the postal address too.
    public static let extraColumns = ["zip"]

    /// Each column a header can map to by itself, with the spellings that mean it, folded as
    /// `key(_:)` folds them.
    static let spellings: [(column: String, keys: [String])] = [
        ("id", ["id", "recipientid", "personid", "officialid", "uuid"]),
        ("role", ["role", "roles", "officetype"]),
        ("name", ["name", "fullname", "displayname", "contactname", "officialname", "recipientname"]),
        ("given_name", ["givenname", "firstname", "first", "fname", "forename", "given"]),
        ("family_name", ["familyname", "lastname", "surname", "last", "lname"]),
        ("title", ["title", "position", "jobtitle", "officetitle", "office", "seat"]),
        (
            "jurisdiction",
            ["jurisdiction", "city", "town", "municipality", "locality", "village", "cityortown", "can2usercity"]
        ),
        (
            "state",
            ["state", "st", "statecode", "stateabbreviation", "stateabbr", "stateprovince", "can2stateabbreviated"]
        ),
        ("zip", ["zip", "zipcode", "postalcode", "postcode", "zip5", "zipcode5"]),
        ("district", ["district", "districtnumber", "districtno", "legislativedistrict"]),
        ("party", ["party", "politicalparty", "partyaffiliation"]),
        ("email", ["email", "emailaddress", "mail", "emailaddr", "officeemail", "workemail", "primaryemail"]),
        (
            "contact_form",
            ["contactform", "webform", "contacturl", "contactformurl", "webcontactform", "contactpage", "form"]
        ),
        ("phone", ["phone", "phonenumber", "telephone", "tel", "officephone", "workphone", "phone1", "can2phone"]),
        (
            "address",
            [
                "address", "streetaddress", "street", "address1", "addressline1", "mailingaddress", "officeaddress",
                "postaladdress", "streetline1", "can2useraddress",
            ]
        ),
        ("term_end", ["termend", "termends", "termexpires", "endofterm", "termenddate", "termexpiration"]),
        ("source", ["source", "sourceurl"]),
    ]

    private static let columnOfKey: [String: String] = {
        var table: [String: String] = [:]
        for (column, keys) in spellings {
            for key in keys { table[key] = column }
        }
        return table
    }()

    /// A header folded for matching: letters and digits only, lower case (`E-mail` → `email`,
    /// `Zip Code` → `zipcode`).
    /// - Parameter header: the header as the file has it.
    /// - Returns: the folded key.
    public static func key(_ header: String) -> String {
        NearestNames.fold(header)
    }

    /// The recipient list column a header means by itself, or nil.
    /// - Parameter header: the header as the file has it.
    /// - Returns: a column of `RecipientColumn.required` or `extraColumns`.
    public static func column(for header: String) -> String? {
        columnOfKey[key(header)]
    }

    /// A header's own name as a column: lower case, each run of other characters as one `_`,
    /// none at either end (`Ward #` → `ward`, `Committee Assignments` → `committee_assignments`).
    /// - Parameter header: the header as the file has it.
    /// - Returns: the name, or `""` when the header has no letter or digit.
    public static func ownName(_ header: String) -> String {
        var name = ""
        var pendingUnderscore = false
        for scalar in header.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingUnderscore && !name.isEmpty { name.append("_") }
                pendingUnderscore = false
                name.unicodeScalars.append(scalar)
            } else {
                pendingUnderscore = true
            }
        }
        return name
    }

    /// The name a template should use for a field written with a spreadsheet's header
    /// (`{{recipient.First Name}}` → `given_name`): the column it maps to, else its own name.
    /// - Parameter header: the header as written.
    /// - Returns: the column name.
    public static func templateName(for header: String) -> String {
        column(for: header) ?? ownName(header)
    }
}
