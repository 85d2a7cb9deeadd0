"""Every Redis key the project uses, in one place (prefix `jru:` by default)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Keys:
    prefix: str = "jru:"

    @property
    def units(self) -> str:          # inbound stream: unit reports
        return f"{self.prefix}units"

    @property
    def incidents(self) -> str:      # inbound stream: incident events
        return f"{self.prefix}incidents"

    @property
    def assignments(self) -> str:    # outbound stream: accepted suggestions
        return f"{self.prefix}assignments"

    @property
    def rejects(self) -> str:        # outbound stream: entries that broke the contract
        return f"{self.prefix}rejects"

    @property
    def clock(self) -> str:          # hash: the replay clock (ts, speed, wall)
        return f"{self.prefix}clock"

    @property
    def replay_control(self) -> str:  # hash: commands from the screens to the replayer
        return f"{self.prefix}replay:control"

    @property
    def replay_status(self) -> str:   # hash: the replayer's state, for the controls
        return f"{self.prefix}replay:status"

    @property
    def units_crews(self) -> str:     # hash: each unit's crew, kept through the units stream's trims
        return f"{self.prefix}units:crews"

    @property
    def retention_lock(self) -> str:  # only one process trims the streams per interval
        return f"{self.prefix}retention:lock"

    @property
    def decisions(self) -> str:       # stream: the decision replay's records, shared by every process
        return f"{self.prefix}decisions"

    def decision_guard(self, record: str) -> str:
        """Guard so one dispatch (or its arrival) is recorded once, however many processes note it."""
        return f"{self.prefix}decided:{record}"

    @property
    def held(self) -> str:            # a token the first reader sets: a Redis that lost it lost the streams too
        return f"{self.prefix}feed:held"

    def reject_seen(self, stream: str, entry_id: str) -> str:
        """Guard so a bad entry is written to rejects once, however many readers."""
        return f"{self.prefix}rejected:{stream}:{entry_id}"

    def assignment_guard(self, incident: str, unit: str) -> str:
        """Guard so one accept (double click, two officers) is written once."""
        return f"{self.prefix}assigning:{incident}:{unit}"

    def session(self, digest: str) -> str:
        """Hash: one signed-in session, by the SHA-256 of its id (the id itself lives only in the cookie)."""
        return f"{self.prefix}session:{digest}"

    def throttle(self, kind: str, who: str) -> str:
        """Counter: sign-in or wall-token attempts by one user/address in the current window."""
        return f"{self.prefix}throttle:{kind}:{who}"

    @property
    def api_keys(self) -> str:
        """Hash: API key name -> JSON {digest, created} (never the key itself)."""
        return f"{self.prefix}api-keys"

    @property
    def inbound(self) -> tuple[str, str, str]:
        """Streams the reader follows (assignments too: every process must see them)."""
        return (self.units, self.incidents, self.assignments)
