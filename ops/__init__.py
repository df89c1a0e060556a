"""Running Passerelle as a service: logs (ops.logs) and health / heartbeat (ops.health). No Discord imports."""
