"""The submission forms' abuse resistance: the mechanisms are ``archive.abuse``, shared with the other public forms
(``requests_desk``); kept importable here for the submission code and its tests."""

from archive.abuse import (
    RATE_WINDOW,
    STAMP_MAX_AGE,
    STAMP_SALT,
    StampError,
    client_address,
    client_key,
    count_hit,
    issue_stamp,
    limit_reached,
    over_limit,
    rate_limited,
    rate_limited_for,
    read_stamp,
    seconds_until_reset,
    stamp_token,
)

__all__ = [
    "RATE_WINDOW",
    "STAMP_MAX_AGE",
    "STAMP_SALT",
    "StampError",
    "client_address",
    "client_key",
    "count_hit",
    "issue_stamp",
    "limit_reached",
    "over_limit",
    "rate_limited",
    "rate_limited_for",
    "read_stamp",
    "seconds_until_reset",
    "stamp_token",
]
