use crate::domain::cpi::CpiOffice;
use crate::error::AppError;
use leptos::prelude::*;

/// The CPI offices with their contacts. Public information: any visitor, logged in or not, may read it,
/// so there is no actor to check and nothing personal to audit.
#[server(prefix = "/api", endpoint = "cpi/list")]
pub async fn list_cpis() -> Result<Vec<CpiOffice>, AppError> {
    let db = crate::store::use_db()?;
    Ok(crate::store::cpi::all_cpis(&db).await?)
}
