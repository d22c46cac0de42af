"""pytest fixtures for zenlocal (README "Test with pytest").

Installing this package (``pip install ./python``) registers the plugin through the
``pytest11`` entry point; the fixtures are then available in every test:

- ``zenlocal``: a ``zenlocal serve`` process for the session, started from
  ``ZENLOCAL_BIN``, ``target/debug/zenlocal`` of the repository, or ``zenlocal`` on
  ``PATH``, on a free loopback port with a throw-away store; stopped at the end.
- ``zl_account``: a fresh account on its own test clock, deleted with it after the test.
- ``advance``: moves ``zl_account``'s clock (``advance(days=30)``, ``advance(seconds=60)``,
  ``advance(to="2026-03-01T00:00:00Z")``), applying its events on the way.
- ``faults``: adds fault rules (``POST /_zenlocal/faults``), removed after the test.
- ``zl_bmc``, ``zl_vm``, ``zl_zbc``: official SDK clients signing as ``zl_account``.
"""

from .server import Account, ControlPlaneError, Zenlocal

__all__ = ["Account", "ControlPlaneError", "Zenlocal"]
