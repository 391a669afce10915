"""What the invoice pages share: the page size and the messages of a refused write. Who may see and
do what is `invoicing.access`."""

from django.core.exceptions import ValidationError

PAGE_SIZE = 25


def messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for messages_ in error.message_dict.values() for m in messages_]
    return [str(m) for m in error.messages]
