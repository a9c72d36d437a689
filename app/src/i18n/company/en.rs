use super::CompanyMessages;
use crate::domain::company_members::MemberRole;

pub const EN: CompanyMessages = CompanyMessages {
    link_company: "Your company and its members",
    link_claim: "Do you represent a company? Claim it or accept an invitation",

    title: "Company",
    intro: "Here you manage the companies you work for, claim a company you legally represent and accept the invitations you received.",
    companies_heading: "Your companies",
    companies_none: "You are not a member of any company yet.",
    companies_caption: "Companies you are a member of",
    company_name: "Company",
    partita_iva: "VAT number (partita IVA)",
    role_heading: "Role",
    role: |role| match role {
        MemberRole::Admin => "Administrator",
        MemberRole::Recruiter => "Recruiter",
    },
    members_link: |name| format!("Members of {name}"),
    claims_heading: "Requests being checked",
    claim_pending: |name, piva, date| {
        format!("{name} (VAT {piva}): requested on {date}, waiting for the check with the business register.")
    },

    claim_heading: "Claim a company",
    claim_intro_demo: "Demo environment: if the company is in our register and has no administrator yet, you become its administrator at once. A real service would first check the request with the business register.",
    claim_intro_real: "If you are the legal representative, enter the company's VAT number. We will check with the business register that you are its legal representative before giving you access.",
    partita_iva_hint: "11 digits, for example 01234567897.",
    claim_submit: "Claim the company",

    invitations_heading: "Invitations",
    invitations_none: "You have no pending invitations.",
    invitation_text: |name, role, until| {
        format!("{name} invites you as {role}. You can accept until {until}.")
    },
    accept: |name| format!("Accept the invitation from {name}"),

    outcome: |code| match code {
        "rivendicata" => Some("You are now the company's administrator."),
        "in-attesa" => Some("Request recorded: you will get access after the check with the business register."),
        "accettato" => Some("Invitation accepted: you are now a member of the company."),
        "invitato" => Some("Invitation recorded. The person will find it when they log in to Sportello Lavoro."),
        "rimosso" => Some("Member removed. They no longer have access to the company."),
        "uscito" => Some("You left the company."),
        _ => None,
    },
    problem: "There is a problem",
    claim_conflict: "This company already has an administrator, or you already have a request being checked. Ask the administrator to invite you, or contact your employment centre.",
    claim_not_found: "We cannot find a company with this VAT number in our register. Contact the employment centre of the company's seat.",
    remove_conflict: "You cannot remove the last administrator: invite another administrator first.",
    invitation_not_found: "This invitation is no longer valid: it may have expired, been withdrawn or already accepted.",
    field: |name| match name {
        "partita_iva" => "Enter a valid 11-digit VAT number.",
        "codice_fiscale" => "Enter a valid 16-character codice fiscale.",
        "role" => "Choose the role.",
        _ => "Invalid value.",
    },

    members_title: |name| format!("Members of {name}"),
    members_caption: "People who act for the company",
    member_name: "Name",
    member_code: "Codice fiscale",
    member_since: "Since",
    member_actions: "Actions",
    you: "(you)",
    remove: |name| format!("Remove {name}"),
    leave: "Leave the company",
    open_invitations_heading: "Pending invitations",
    open_invitations_caption: "Invitations not accepted yet",
    invitation_expires: "Valid until",
    invite_heading: "Invite someone",
    invite_intro: "The invitation goes to a codice fiscale: the person sees it when they log in with SPID or CIE. For privacy we do not tell you whether that person already uses the service.",
    codice_fiscale: "Codice fiscale",
    codice_fiscale_hint: "16 characters, for example RSSMRA85T10A562S.",
    role_label: "Role",
    invite_submit: "Send the invitation",
    back: "Back to your companies",
};
