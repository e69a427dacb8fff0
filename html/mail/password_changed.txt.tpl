{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{T_mail_changed:none}}

{{T_mail_changed_you:none}}

{{T_mail_changed_not_you:none}}{{#HAS_ASSISTANCE}} ({{ASSISTANCE_CONTACT}}){{/HAS_ASSISTANCE}} {{T_mail_changed_new:none}} {{LOGIN_URL}}

{{T_mail_no_reply:none}}

{{T_mail_regards:none}}

{{ORGANISATION}}
{{POSTAL_ADDRESS}}
