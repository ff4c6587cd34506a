//! Logging in and out with a token (an HttpOnly, SameSite=Strict cookie).

use super::*;

pub(super) async fn login(ctx: Ctx) -> PageResult {
    let body = html! {
        h1 { (ctx.t("login")) }
        form.login method="post" action="/login" {
            label { (ctx.t("token")) br; input type="password" name="token" autocomplete="off" required; }
            button type="submit" { (ctx.t("login")) }
        }
        p { small { "hoptac token create --role analyst --name NAME" } }
    };
    Ok(ctx.page(ctx.t("login"), body))
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    token: String,
}

pub(super) async fn login_post(
    State(st): State<Shared>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> PageResult {
    if !auth::same_origin(&headers) {
        return Err(ApiError::forbidden("a login form sent from another site: refused").into());
    }
    let token = f.token.trim();
    if auth::verify(&st.store, token)
        .await
        .map_err(auth::token_err)?
        .is_none()
    {
        return Err(ApiError::unauthorized("the token is not valid or was revoked").into());
    }
    let cookie = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200",
        auth::COOKIE
    );
    let mut res = Redirect::to("/review").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie)
            .map_err(|_| ApiError::bad_request("a token is letters, digits and _"))?,
    );
    Ok(res)
}

pub(super) async fn logout(headers: HeaderMap) -> PageResult {
    if !auth::same_origin(&headers) {
        return Err(ApiError::forbidden("a form sent from another site: refused").into());
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("hoptac_token=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    Ok(res)
}
