"""The ports: typing.Protocol interfaces through which the domain reaches the outside world."""
