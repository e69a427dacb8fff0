{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{#ASKED_PASSWORD}}{{T_co_mail_refused_password:none}}{{/ASKED_PASSWORD}}{{#ASKED_IDENTIFIER}}{{T_co_mail_refused_identifier:none}}{{/ASKED_IDENTIFIER}}

{{T_co_mail_refused_why:none}}

{{T_co_mail_refused_not_you:none}}{{#HAS_ASSISTANCE}}{{T_colon:none}} {{ASSISTANCE_CONTACT}}{{/HAS_ASSISTANCE}}.

{{T_mail_no_reply:none}}

{{ORGANISATION}}
