{{T_mail_hello}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{T_mail_changed}}

{{T_mail_changed_you}}

{{T_mail_changed_not_you}}{{#HAS_ASSISTANCE}} ({{ASSISTANCE_CONTACT}}){{/HAS_ASSISTANCE}} {{T_mail_changed_new}} {{LOGIN_URL}}

{{T_mail_no_reply}}

{{T_mail_regards}}

{{ORGANISATION}}
{{POSTAL_ADDRESS}}
