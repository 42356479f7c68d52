"""Signals of the contracts' money, for the apps above (finance posts the commitments of the
ledger): contracts sits below finance and must not import it, so it announces what it did.
Each is sent inside the atomic block of the service that writes the change, after the write, so
a receiver's postings commit or roll back with it (and a receiver's refusal undoes the change).

- `contract_signed(contract, actor)`: a contract was signed (its services' split written).
- `annex_signed(contract, amendment, actor)`: an annex changed the contract's terms.
- `contract_terminated(contract, actor)`: the contract was terminated; its money is free.
"""

from __future__ import annotations

from django.dispatch import Signal

contract_signed = Signal()
annex_signed = Signal()
contract_terminated = Signal()
