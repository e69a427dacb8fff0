{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{#PASSWORD}}{{T_in_mail_desk_password:none}} {{T_in_mail_desk_once_a:none}} ({{INTERIOR_LOGIN_URL}}){{T_in_mail_desk_once_b:none}}{{/PASSWORD}}{{#KEY}}{{T_in_mail_desk_key:none}}{{/KEY}}

{{T_in_mail_desk_not_you_a:none}}{{T_in_mail_desk_not_you_b:none}}{{#HAS_ASSISTANCE}} ({{ASSISTANCE_CONTACT}}){{/HAS_ASSISTANCE}}{{T_in_mail_desk_or_president:none}}

{{T_mail_no_reply:none}}

{{ORGANISATION}}
{{POSTAL_ADDRESS}}
