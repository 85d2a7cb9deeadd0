"""The sign-in page (a Jinja template rendered by dashboard/web/auth.py); assets served locally."""

LOGIN_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · North Kent JRU</title>
<link rel="stylesheet" href="/assets/vendor/00-bootstrap.min.css">
<link rel="stylesheet" href="/assets/vendor/01-bootstrap-icons.min.css">
</head><body class="bg-body-tertiary">
<main class="container" style="max-width: 26rem; margin-top: 12vh">
  <h1 class="h4 mb-3"><i class="bi bi-shield-plus me-2"></i>North Kent Joint Response</h1>
  <div class="card shadow-sm"><div class="card-body">
    <h2 class="h5 card-title mb-3">Sign in</h2>
    {% if error %}<div class="alert alert-danger py-2" role="alert" id="login-error">{{ error }}</div>{% endif %}
    <form method="post" action="/login" autocomplete="on">
      <input type="hidden" name="next" value="{{ next }}">
      <div class="mb-3"><label class="form-label" for="username">Name</label>
        <input class="form-control" id="username" name="username" value="{{ name }}" autocomplete="username"
               required autofocus></div>
      <div class="mb-3"><label class="form-label" for="password">Password</label>
        <input class="form-control" id="password" name="password" type="password"
               autocomplete="current-password" required></div>
      <button class="btn btn-primary w-100" type="submit" id="sign-in">Sign in</button>
    </form>
  </div></div>
  <p class="small text-body-secondary mt-3">Duty officers can accept suggestions; viewers see the picture only.
  Accounts are added on the server with <code>python -m dashboard.auth add-user</code>.</p>
</main></body></html>"""
