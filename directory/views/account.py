"""A signed-in user's own settings: the language the directory writes to them in."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.http import DirectoryRequest
from organizations.models import AccountSettings

from .edit.common import editor_view


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = AccountSettings
        fields = ["language"]
        help_texts = {
            "language": gettext_lazy(
                "Reminders and notices are written in this language. Empty: the site's language."
            )
        }


@editor_view()
def account_settings(request: DirectoryRequest) -> HttpResponse:
    user = cast(AbstractBaseUser, request.user)  # signed in: editor_view
    row, _created = AccountSettings.objects.get_or_create(user_id=user.pk)
    form = AccountSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings were saved."))
        return HttpResponseRedirect(request.path)
    return render(request, "directory/account_settings.html", {"form": form})
