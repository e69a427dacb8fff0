{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{#CODE}}<p>Votre nouveau code de vote :</p>
<p class="slip-secret" id="vote-code" lang="zxx" translate="no">{{CODE}}</p>
<div class="notice" role="status"><p><strong>Vous disposez de {{SECONDS}} secondes pour recopier ou photographier votre nouveau code de vote</strong> : il sera masqué à {{UNTIL}} (heure de Paris) et ne pourra plus être affiché.</p></div>
<p>Votre ancien code de vote ne fonctionne plus. Saisissez ce nouveau code dans votre espace de vote.</p>{{/CODE}}
{{#MASKED}}<div class="notice" role="status" id="masked"><p>Code masqué : pour votre sécurité, votre code de vote n'est affiché qu'une fois, pendant un temps limité. Si vous ne l'avez pas noté, faites une nouvelle demande de réassort.</p></div>
<p><a href="{{REASSORT_URL}}">Nouvelle demande de réassort</a></p>{{/MASKED}}
<p><a class="button" href="{{VOTE_URL}}">Saisir mon code de vote</a></p>
