"""What guards the staff's sign-in and every page: lockout, second factor, staff sessions, security headers.

- ``sources``: what the Content Security Policy allows besides the site's files (map tiles, the error page's
  style); no Django imports, so the settings module can use it.
- ``headers``: the Content Security Policy and Permissions-Policy on every answer.
- ``lockout``: the page a locked-out sign-in gets (django-axes counts the failures).
- ``two_factor``: TOTP devices and recovery codes (django-otp); ``forms`` and ``views``: the admin's sign-in with
  its code, and the page where staff set up their authenticator.
- ``staff``: staff sessions end, and staff who must use a second factor reach nothing before they do.
"""
