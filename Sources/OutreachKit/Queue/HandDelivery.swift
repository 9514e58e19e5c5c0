/// How a letter was delivered when not by `send` (`outreach mark --delivered-by-hand --via`).
public enum HandDelivery: String, CaseIterable, Sendable {
    /// Submitted through the office's web form.
    case webForm = "web-form"
    /// Printed and posted.
    case postal
    /// Read out on the phone.
    case phone
}
